#!/bin/sh
# Make the live tests' certificates with openssl, into DIR (about half a second):
#   ca.pem                the private test CA (what --cacert trusts)
#   server.pem/.key       signed by that CA, for localhost, 127.0.0.1 and ::1
#   selfsigned.pem/.key   the same names, signed by nobody
# Any further arguments are more subjectAltName entries for server.pem, e.g.
# DNS:api.dacc-lab.localhost (tests/pull's stand-in for a Genesys Cloud region).
# usage: tests/live/gen-certs.sh DIR [SAN...]
set -eu
dir=${1:?usage: gen-certs.sh DIR [SAN...]}
shift
extra=
for san in "$@"; do
    case $san in
        DNS:*|IP:*) extra="$extra,$san" ;;
        *) echo "gen-certs: not a DNS: or IP: name: $san" >&2; exit 1 ;;
    esac
done
mkdir -p "$dir"
cd "$dir"
quiet() { "$@" 2>/dev/null || { echo "gen-certs: failed: $*" >&2; exit 1; }; }
quiet openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 -subj "/CN=dacc live test CA" \
    -keyout ca.key -out ca.pem \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
quiet openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=localhost" -keyout server.key -out server.csr
cat > server.ext <<EXT
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1$extra
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
EXT
quiet openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -sha256 \
    -extfile server.ext -out server.pem
quiet openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 -subj "/CN=localhost" \
    -keyout selfsigned.key -out selfsigned.pem -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"
rm -f server.csr server.ext ca.srl ca.key
