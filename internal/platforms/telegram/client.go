package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// retryPolicy says which failures a call retries.
type retryPolicy int

const (
	retryNever     retryPolicy = iota // optional calls, polls: the caller decides
	retryTransient                    // 429 after retry_after, 5xx and network errors with backoff
)

const (
	// maxAttempts bounds tries on server and network errors; 429s are not
	// counted against it (see maxRetryAfter).
	maxAttempts = 5
	callTimeout = 20 * time.Second // one request, sends and lookups
	maxBackoff  = 8 * time.Second
	// maxRetryAfter bounds how long one message waits on 429s in total,
	// whatever the number of 429s: past it the caller gets the error (a
	// flood limit of minutes means something is wrong, and the scheduler
	// can try later).
	maxRetryAfter = 2 * time.Minute
)

// APIError is a failed Bot API call, without the token.
type APIError struct {
	Method      string
	Code        int    // Bot API error_code; the HTTP status when the body was not the API's
	Description string // Telegram's text
	RetryAfter  time.Duration
	Err         error // a classification (platforms.ErrBlocked …) or the transport error
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "telegram %s", e.Method)
	if e.Code != 0 {
		fmt.Fprintf(&b, ": %d", e.Code)
	}
	if e.Description != "" {
		fmt.Fprintf(&b, ": %s", e.Description)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *APIError) Unwrap() error { return e.Err }

// errUnsupported marks a method the server does not implement (an
// emulator answers "not supported" without an error code).
var errUnsupported = errors.New("method not supported by this Bot API server")

// call runs fn against a copy of the bot whose HTTP client carries ctx and
// records the HTTP status, retrying per policy. Errors are *APIError.
func (a *Adapter) call(ctx context.Context, method string, policy retryPolicy, fn func(*tgbotapi.BotAPI) error) error {
	return a.callGated(ctx, method, policy, nil, fn)
}

// callGated is call with gate run before every attempt, retries included:
// sends pass the limiter chain as gate, so a retry after a 429 waits its
// retry_after and then queues for the limiters like any new send, never
// competing with them for the same window.
func (a *Adapter) callGated(ctx context.Context, method string, policy retryPolicy, gate func(context.Context) error, fn func(*tgbotapi.BotAPI) error) error {
	var waited time.Duration
	backoff := 500 * time.Millisecond
	for attempt := 1; ; {
		if gate != nil {
			if err := gate(ctx); err != nil {
				return &APIError{Method: method, Err: err}
			}
		}
		err := a.once(ctx, method, fn)
		if err == nil {
			return nil
		}
		var apiErr *APIError
		if !errors.As(err, &apiErr) || policy == retryNever || ctx.Err() != nil {
			a.observeErr(method, err)
			return err
		}
		var wait time.Duration
		switch {
		case apiErr.Code == http.StatusTooManyRequests:
			wait = max(apiErr.RetryAfter, time.Second)
			if waited+wait > maxRetryAfter {
				a.observeErr(method, err)
				return err
			}
			waited += wait
			if a.cfg.OnRateLimitWait != nil {
				a.cfg.OnRateLimitWait(wait)
			}
			a.log.Warn("telegram flood limit; waiting", "method", method, "retry_after", wait)
		case transient(apiErr) && attempt < maxAttempts:
			attempt++
			wait = backoff
			backoff = min(backoff*2, maxBackoff)
			a.log.Warn("telegram call failed; retrying", "method", method, "attempt", attempt-1, "in", wait, "err", err)
		default:
			a.observeErr(method, err)
			return err
		}
		if serr := a.nap(ctx, wait); serr != nil {
			return fmt.Errorf("%w (gave up waiting: %w)", err, serr)
		}
	}
}

func (a *Adapter) observeErr(method string, err error) {
	if a.cfg.OnAPIError != nil {
		a.cfg.OnAPIError(method, err)
	}
}

// transient reports whether a failure may pass on its own: server errors
// and network failures. Bot API errors in the 4xx range are final.
func transient(e *APIError) bool {
	if e.Code >= 500 {
		return true
	}
	return e.Code == 0 && e.Err != nil && !errors.Is(e.Err, errUnsupported) && !errors.Is(e.Err, context.Canceled) && !errors.Is(e.Err, context.DeadlineExceeded)
}

// once makes one attempt and classifies its failure.
func (a *Adapter) once(ctx context.Context, method string, fn func(*tgbotapi.BotAPI) error) error {
	if err := ctx.Err(); err != nil {
		return &APIError{Method: method, Err: err}
	}
	callCtx, cancel := context.WithTimeout(ctx, callTimeout)
	if method == "getUpdates" {
		callCtx, cancel = context.WithTimeout(ctx, a.cfg.PollTimeout+15*time.Second)
	}
	defer cancel()
	cc := &callClient{ctx: callCtx, base: a.http}
	bot := *a.bot // a shallow copy: the template is never mutated
	bot.Client = cc
	err := fn(&bot)
	if err == nil {
		return nil
	}
	return classify(method, cc.status, err, a.cfg.Token)
}

// classify turns a library or transport error into an *APIError with a
// platforms error where one applies, and the token removed.
func classify(method string, status int, err error, token string) error {
	var tg *tgbotapi.Error
	if errors.As(err, &tg) {
		e := &APIError{Method: method, Code: tg.Code, Description: tg.Message, RetryAfter: time.Duration(tg.RetryAfter) * time.Second}
		if tg.Code == 0 && method == "sendPhoto" && status >= 400 && tg.Message != "" {
			e.Code = status // the library's upload path drops error_code
		}
		if e.Code == 0 {
			// Not a Bot API error object: an emulator's "not supported"
			// answer, or a proxy's error page that decoded as JSON.
			e.Code = status
			if status < 500 || status == 0 || tg.Message == "" {
				e.Code = 0
				e.Err = errUnsupported
			}
		}
		if e.Err == nil {
			e.Err = sentinel(e.Code, tg.Message)
		}
		return e
	}
	// Transport failures and bodies that are not JSON (a 502 page).
	e := &APIError{Method: method, Err: redact(err, token)}
	if status >= 400 { // a proxy's error page: its status is the answer
		e.Code = status
	}
	return e
}

// sentinel maps Bot API errors to the platforms errors callers act on.
func sentinel(code int, desc string) error {
	d := strings.ToLower(desc)
	switch {
	case code == http.StatusForbidden && strings.Contains(d, "can't initiate conversation"):
		return platforms.ErrDMRefused
	case code == http.StatusForbidden && (strings.Contains(d, "blocked") || strings.Contains(d, "deactivated")):
		return platforms.ErrBlocked
	case code == http.StatusForbidden && (strings.Contains(d, "kicked") || strings.Contains(d, "not a member")):
		return platforms.ErrUnknownTarget
	case code == http.StatusBadRequest && strings.Contains(d, "chat not found"):
		return platforms.ErrUnknownTarget
	case code == http.StatusForbidden:
		return platforms.ErrBlocked
	}
	return nil
}

// redact removes the token from an error: the library's transport errors
// quote the request URL, which holds the token.
func redact(err error, token string) error {
	if token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: strings.ReplaceAll(ue.URL, token, "<token>"), Err: redact(ue.Err, token)}
	}
	return errors.New(strings.ReplaceAll(err.Error(), token, "<token>"))
}

// callClient gives the library's context-free requests a context and
// remembers the HTTP status of the answer.
type callClient struct {
	ctx    context.Context
	base   *http.Client
	status int
}

func (c *callClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.base.Do(req.WithContext(c.ctx))
	if resp != nil {
		c.status = resp.StatusCode
	}
	return resp, err
}
