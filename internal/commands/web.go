package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/web"
)

// pageAddress is the page's full address, or its path when PUBLIC_URL is
// not set.
func (r *Router) pageAddress(token string) string {
	return web.URL(r.deps.PublicURL, token)
}

// clubWeb is /club web [on|off|new|show], for admins.
func (r *Router) clubWeb(ctx context.Context, req *Request, clubID ids.ClubID, args []string) (platforms.Response, error) {
	if !req.Admin {
		return platforms.Response{}, Userf("Only club admins can turn the club's public page on or off. Anyone can see whether it's on with /club show.")
	}
	action := "show"
	if len(args) > 0 {
		action = strings.ToLower(args[0])
	}
	switch action {
	case "on", "new":
		page, err := r.clubs.WebOn(ctx, clubID, action == "new", req.Now)
		if err != nil {
			return platforms.Response{}, err
		}
		tok, cur := page.Token, page.Was
		head := "🌐 The club's public page is on."
		switch {
		case action == "new" && cur != "":
			head = "🌐 The club's public page has a new address; the old one no longer works."
		case cur != "":
			head = "🌐 The club's public page is already on."
		}
		return platforms.Response{
			Text:    head + " Anyone with this address can see the club's challenges and boards (first names and initials, never health details):\n" + r.pageAddress(tok) + "\n\n" + r.webHint(),
			Private: true,
			Public:  head + " I've sent you its address privately.",
		}, nil
	case "off":
		cur, err := r.clubs.WebOff(ctx, clubID)
		if err != nil {
			return platforms.Response{}, err
		}
		if cur == "" {
			return platforms.Response{Text: "The club's public page is already off. /club web on turns it on."}, nil
		}
		return platforms.Response{Text: "🌐 The club's public page is off: its address now answers \"not found\". /club web on makes a new one."}, nil
	case "show", "status":
		cur, err := r.clubs.WebToken(ctx, clubID)
		if err != nil {
			return platforms.Response{}, err
		}
		if cur == "" {
			return platforms.Response{Text: "The club's public page is off. /club web on gives the club a read-only page of its challenges for its website or clubhouse screen."}, nil
		}
		return platforms.Response{
			Text:    "🌐 The club's public page is on:\n" + r.pageAddress(cur) + "\n\n" + r.webHint(),
			Private: true,
			Public:  "🌐 The club's public page is on. I've sent you its address privately.",
		}, nil
	}
	c, _ := r.Lookup("club")
	return platforms.Response{}, usageError(c, fmt.Sprintf("I don't know /club web %s. Try /club web on, off or new.", truncate(action, 20)))
}

func (r *Router) webHint() string {
	s := "Put it on the club's website (add ?embed=1 for an iframe) or the clubhouse screen; it refreshes every minute. /club web new changes the address, /club web off takes the page down. Members can hide their name with /settings public off."
	if r.deps.PublicURL == "" {
		s = "PUBLIC_URL isn't set, so that's only the path: put the web listener's public address in front of it.\n" + s
	}
	return s
}

// webLine is /club show's line about the public page; the address is for
// admins, and only in private.
func (r *Router) webLine(ctx context.Context, clubID ids.ClubID, req *Request) string {
	tok, err := r.clubs.WebToken(ctx, clubID)
	switch {
	case err != nil:
		r.log.Warn("web token for /club show", "club", clubID, "err", err)
		return ""
	case tok == "":
		return "\n  Public web page: off (admins: /club web on)"
	case req.Admin && req.DM:
		return "\n  Public web page: on, at " + r.pageAddress(tok)
	case req.Admin:
		return "\n  Public web page: on (DM me /club web for its address)"
	}
	return "\n  Public web page: on"
}
