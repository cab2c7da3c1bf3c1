package discord

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// DefaultAPIURL is Discord itself.
const DefaultAPIURL = "https://discord.com/"

// endpointVar is one of discordgo's package-level URL strings and its path
// below the API base URL.
type endpointVar struct {
	name string
	ptr  *string
	path string
}

// endpointVars lists every string variable in discordgo v0.29.0's
// endpoints.go that holds a discord.com URL, with the path each one has
// below EndpointDiscord. The Endpoint… functions read these at call time,
// so rewriting them redirects every REST call and the gateway lookup.
// TestEndpointVarsCoverSource fails when a discordgo upgrade adds one.
// The CDN variables (cdn.discordapp.com) serve images only and stay.
func endpointVars() []endpointVar {
	api := "api/v" + discordgo.APIVersion + "/"
	return []endpointVar{
		{"EndpointDiscord", &discordgo.EndpointDiscord, ""},
		{"EndpointAPI", &discordgo.EndpointAPI, api},
		{"EndpointGuilds", &discordgo.EndpointGuilds, api + "guilds/"},
		{"EndpointChannels", &discordgo.EndpointChannels, api + "channels/"},
		{"EndpointUsers", &discordgo.EndpointUsers, api + "users/"},
		{"EndpointGateway", &discordgo.EndpointGateway, api + "gateway"},
		{"EndpointGatewayBot", &discordgo.EndpointGatewayBot, api + "gateway/bot"},
		{"EndpointWebhooks", &discordgo.EndpointWebhooks, api + "webhooks/"},
		{"EndpointStickers", &discordgo.EndpointStickers, api + "stickers/"},
		{"EndpointStageInstances", &discordgo.EndpointStageInstances, api + "stage-instances"},
		{"EndpointSKUs", &discordgo.EndpointSKUs, api + "skus"},
		// discordgo builds these two with a doubled slash; keep its exact paths.
		{"EndpointVoice", &discordgo.EndpointVoice, api + "/voice/"},
		{"EndpointVoiceRegions", &discordgo.EndpointVoiceRegions, api + "/voice/regions"},
		{"EndpointNitroStickersPacks", &discordgo.EndpointNitroStickersPacks, api + "/sticker-packs"},
		{"EndpointGuildCreate", &discordgo.EndpointGuildCreate, api + "guilds"},
		{"EndpointApplications", &discordgo.EndpointApplications, api + "applications"},
		{"EndpointOAuth2", &discordgo.EndpointOAuth2, api + "oauth2/"},
		{"EndpointOAuth2Applications", &discordgo.EndpointOAuth2Applications, api + "oauth2/applications"},
		{"EndpointOauth2", &discordgo.EndpointOauth2, api + "oauth2/"},
		{"EndpointOauth2Applications", &discordgo.EndpointOauth2Applications, api + "oauth2/applications"},
		// The status page lives on status.discord.com; discordgo never calls
		// it, but it is moved below the base too so that nothing in the
		// process can reach discord.com once another server is configured.
		{"EndpointStatus", &discordgo.EndpointStatus, "status/api/v2/"},
		{"EndpointSm", &discordgo.EndpointSm, "status/api/v2/scheduled-maintenances/"},
		{"EndpointSmActive", &discordgo.EndpointSmActive, "status/api/v2/scheduled-maintenances/active.json"},
		{"EndpointSmUpcoming", &discordgo.EndpointSmUpcoming, "status/api/v2/scheduled-maintenances/upcoming.json"},
	}
}

// statusVars are the endpointVars not derived from EndpointDiscord.
var statusVars = map[string]bool{"EndpointStatus": true, "EndpointSm": true, "EndpointSmActive": true, "EndpointSmUpcoming": true}

// normalizeBase checks an API base URL and gives it a trailing slash.
func normalizeBase(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("discord API URL %q: %w", base, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("discord API URL %q: want http(s)://host/", base)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("discord API URL %q: no query or fragment allowed", base)
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base, nil
}

// SetAPIBase points discordgo at another Discord-compatible server: REST
// calls and the gateway lookup then go to <base>api/v9/…
//
// discordgo keeps its endpoints in package variables, so this changes them
// for the whole process: only one API base per process is supported, and
// SetAPIBase must run before any session is opened (New does it, and only
// writes when the base differs from the current one).
func SetAPIBase(base string) error {
	base, err := normalizeBase(base)
	if err != nil {
		return err
	}
	for _, v := range endpointVars() {
		switch {
		case statusVars[v.name] && base == DefaultAPIURL:
			*v.ptr = "https://status.discord.com/" + strings.TrimPrefix(v.path, "status/")
		default:
			*v.ptr = base + v.path
		}
	}
	return nil
}
