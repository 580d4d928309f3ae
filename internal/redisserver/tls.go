package redisserver

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// StartTLS runs redis-server speaking TLS only (rediss://) on a free
// loopback port, without persistence, with a certificate for 127.0.0.1
// signed by a fresh authority whose PEM is at CAFile: a client trusts it
// as an administrator trusts a private authority, by adding it to the
// system's (SSL_CERT_FILE for a Go process). Clients need no certificate.
func StartTLS(extra ...string) (*Server, error) {
	path, err := Path()
	if err != nil {
		return nil, err
	}
	return launch(path, func(s *Server, port int, dir string) error {
		pool, err := writeCertificates(dir)
		if err != nil {
			return err
		}
		s.URL = fmt.Sprintf("rediss://127.0.0.1:%d/0", port)
		s.CAFile = filepath.Join(dir, "ca.pem")
		s.tls = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		s.args = append([]string{"--port", "0", "--tls-port", strconv.Itoa(port),
			"--tls-cert-file", filepath.Join(dir, "server.pem"), "--tls-key-file", filepath.Join(dir, "server.key"),
			"--tls-ca-cert-file", s.CAFile, "--tls-auth-clients", "no"}, s.args...)
		return nil
	}, extra...)
}

// RunTLS is StartTLS for a test, stopped at the test's end; without a
// redis-server the test fails, it is never skipped.
func RunTLS(t testing.TB, extra ...string) *Server {
	t.Helper()
	s, err := StartTLS(extra...)
	if err != nil {
		t.Fatalf("starting redis-server with TLS: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}

// writeCertificates writes ca.pem, server.pem and server.key into dir and
// returns a pool that trusts the authority.
func writeCertificates(dir string) (*x509.CertPool, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "nanostream test authority"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serverDER, err := x509.CreateCertificate(rand.Reader, &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	files := map[string]*pem.Block{
		"ca.pem":     {Type: "CERTIFICATE", Bytes: caDER},
		"server.pem": {Type: "CERTIFICATE", Bytes: serverDER},
		"server.key": {Type: "EC PRIVATE KEY", Bytes: keyDER},
	}
	for name, block := range files {
		if err := os.WriteFile(filepath.Join(dir, name), pem.EncodeToMemory(block), 0o600); err != nil {
			return nil, err
		}
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return pool, nil
}
