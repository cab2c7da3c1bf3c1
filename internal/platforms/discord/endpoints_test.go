package discord

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// libraryDefaults are discordgo's own values, read at package init before
// any test or TestMain rewrites them.
var libraryDefaults = snapshotEndpoints()

func snapshotEndpoints() map[string]string {
	out := map[string]string{}
	for _, v := range endpointVars() {
		out[v.name] = *v.ptr
	}
	return out
}

// restoreEndpoints puts the current endpoint values back after a test that
// rewrites them. These tests are not parallel: they change process-wide
// variables, and parallel tests only start once all of them are done.
func restoreEndpoints(t *testing.T) {
	saved := snapshotEndpoints()
	t.Cleanup(func() {
		for _, v := range endpointVars() {
			*v.ptr = saved[v.name]
		}
	})
}

func TestSetAPIBaseRewritesEveryEndpoint(t *testing.T) {
	restoreEndpoints(t)
	const base = "http://127.0.0.1:9/fake/"
	if err := SetAPIBase("http://127.0.0.1:9/fake"); err != nil { // no trailing slash: added
		t.Fatal(err)
	}
	for _, v := range endpointVars() {
		if strings.Contains(*v.ptr, "discord.com") || !strings.HasPrefix(*v.ptr, base) {
			t.Errorf("%s = %q, want it below %s", v.name, *v.ptr, base)
		}
	}
	// The functions discordgo calls read the variables at call time.
	for name, got := range map[string]string{
		"EndpointGateway":                   discordgo.EndpointGateway,
		"EndpointInteractionResponse":       discordgo.EndpointInteractionResponse("1", "tok"),
		"EndpointWebhookMessage":            discordgo.EndpointWebhookMessage("2", "tok", "@original"),
		"EndpointApplicationGuildCommands":  discordgo.EndpointApplicationGuildCommands("2", "3"),
		"EndpointApplicationGlobalCommands": discordgo.EndpointApplicationGlobalCommands("2"),
		"EndpointUserChannels":              discordgo.EndpointUserChannels("@me"),
		"EndpointChannelMessages":           discordgo.EndpointChannelMessages("4"),
		"EndpointGuildRoles":                discordgo.EndpointGuildRoles("3"),
	} {
		if !strings.HasPrefix(got, base+"api/v9/") {
			t.Errorf("%s = %q, want it below %sapi/v9/", name, got, base)
		}
	}
}

func TestSetAPIBaseDefaultReproducesLibrary(t *testing.T) {
	restoreEndpoints(t)
	if err := SetAPIBase("http://elsewhere.test/"); err != nil {
		t.Fatal(err)
	}
	if err := SetAPIBase(DefaultAPIURL); err != nil {
		t.Fatal(err)
	}
	for _, v := range endpointVars() {
		if *v.ptr != libraryDefaults[v.name] {
			t.Errorf("%s = %q after SetAPIBase(default), discordgo's own value is %q", v.name, *v.ptr, libraryDefaults[v.name])
		}
	}
}

func TestSetAPIBaseRejectsBadURLs(t *testing.T) {
	for _, bad := range []string{"", "discord.com", "ftp://x/", "http:///nohost", "http://x/?q=1"} {
		if err := SetAPIBase(bad); err == nil {
			t.Errorf("SetAPIBase(%q) accepted", bad)
		}
	}
}

// notAPI are the string variables of endpoints.go that hold no
// discord.com URL and stay as they are.
var notAPI = map[string]*string{
	"APIVersion": &discordgo.APIVersion, "EndpointCDN": &discordgo.EndpointCDN,
	"EndpointCDNAttachments": &discordgo.EndpointCDNAttachments, "EndpointCDNAvatars": &discordgo.EndpointCDNAvatars,
	"EndpointCDNIcons": &discordgo.EndpointCDNIcons, "EndpointCDNSplashes": &discordgo.EndpointCDNSplashes,
	"EndpointCDNChannelIcons": &discordgo.EndpointCDNChannelIcons, "EndpointCDNBanners": &discordgo.EndpointCDNBanners,
	"EndpointCDNGuilds": &discordgo.EndpointCDNGuilds, "EndpointCDNRoleIcons": &discordgo.EndpointCDNRoleIcons,
}

// TestEndpointVarsCoverSource parses discordgo's endpoints.go from the
// module cache and fails when it declares a string variable that
// endpointVars does not rewrite (a new endpoint after an upgrade).
func TestEndpointVarsCoverSource(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/bwmarrin/discordgo").Output()
	if err != nil {
		t.Fatalf("locate discordgo source: %v", err)
	}
	path := filepath.Join(strings.TrimSpace(string(out)), "endpoints.go")
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, v := range endpointVars() {
		covered[v.name] = true
	}
	// A variable is a string when its value is a string literal, a
	// concatenation, or another string variable.
	stringVars := map[string]bool{}
	var isString func(ast.Expr) bool
	isString = func(e ast.Expr) bool {
		switch x := e.(type) {
		case *ast.BasicLit:
			return x.Kind == token.STRING
		case *ast.BinaryExpr:
			return x.Op == token.ADD && (isString(x.X) || isString(x.Y))
		case *ast.Ident:
			return stringVars[x.Name]
		case *ast.ParenExpr:
			return isString(x.X)
		}
		return false
	}
	found := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if i >= len(vs.Values) || !isString(vs.Values[i]) {
					continue
				}
				stringVars[name.Name] = true
				found++
				if _, other := notAPI[name.Name]; !covered[name.Name] && !other {
					t.Errorf("discordgo declares string variable %s in endpoints.go: add it to endpointVars (or notAPI if it holds no discord.com URL)", name.Name)
				}
			}
		}
	}
	for name := range covered {
		if !stringVars[name] {
			t.Errorf("endpointVars lists %s, which endpoints.go no longer declares as a string", name)
		}
	}
	if found < 30 {
		t.Fatalf("found only %d string variables in %s; the scan is broken", found, path)
	}
	// Whatever is not rewritten must not point at discord.com.
	for name, v := range notAPI {
		if strings.Contains(*v, "discord.com") {
			t.Errorf("%s = %q is not rewritten but points at discord.com", name, *v)
		}
	}
}
