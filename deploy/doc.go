// Package deploy holds no Go code: it is the home of the deployment files
// (Dockerfile, docker-compose.yml, Kubernetes manifests, the systemd unit,
// .env.example, build.sh), and its tests check those files against the
// bot's settings in internal/config, since no Docker engine or cluster is
// available where the tests run.
package deploy
