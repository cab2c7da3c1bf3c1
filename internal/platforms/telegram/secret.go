package telegram

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
)

// SecretHeader carries the webhook secret on every request Telegram makes.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// SecretRule says which webhook secrets Telegram accepts, for error
// messages.
const SecretRule = "1–256 characters, each one of A–Z, a–z, 0–9, _ and -"

// ValidWebhookSecret reports whether Telegram's setWebhook accepts s as a
// secret_token: 1–256 characters of A–Z a–z 0–9 _ -.
func ValidWebhookSecret(s string) bool {
	if len(s) == 0 || len(s) > 256 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// DeriveWebhookSecret is the webhook secret used when none is configured:
// base64url(HMAC-SHA256(token, "telegram-webhook")) without padding (43
// characters, all of them valid for Telegram). It depends on the token
// alone, so every replica computes the same one, and it reveals nothing
// about the token.
func DeriveWebhookSecret(token string) string {
	mac := hmac.New(sha256.New, []byte(token))
	mac.Write([]byte("telegram-webhook"))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// secretOK compares the request's secret header with want in constant time.
func secretOK(r *http.Request, want string) bool {
	got := r.Header.Get(SecretHeader)
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
