// Package redisserver starts Debian's redis-server on a free loopback port
// for the tests and the load harness: no persistence, no fixed port, and
// stopped at the end. It never skips: without a redis-server it fails with
// a sentence saying how to get one.
package redisserver

import (
	"bufio"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Missing is the sentence a test or the harness fails with when no
// redis-server can be found.
const Missing = "no redis-server found: install Debian's redis-server package (`apt-get install redis-server`), or set REDIS_SERVER_PATH to a redis-server executable; `go run github.com/magefile/mage goTest` installs it when it runs as root on Debian"

// Path is the redis-server to run: $REDIS_SERVER_PATH, else redis-server
// on PATH.
func Path() (string, error) {
	if p := os.Getenv("REDIS_SERVER_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil { // #nosec G703 -- the developer's own environment names the executable to run
			return "", fmt.Errorf("REDIS_SERVER_PATH names %s, which does not exist: %s", p, Missing)
		}
		return p, nil
	}
	p, err := exec.LookPath("redis-server")
	if err != nil {
		return "", errors.New(Missing)
	}
	return p, nil
}

// Server is a running redis-server.
type Server struct {
	Addr string // 127.0.0.1:port
	URL  string // redis://127.0.0.1:port/0

	// CAFile is the PEM of the authority that signed a TLS server's
	// certificate (see StartTLS); empty for a plain server.
	CAFile string
	path   string
	args   []string
	tls    *tls.Config // how the readiness check dials a TLS server

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// Start runs redis-server on a free loopback port without persistence;
// extra are more configuration arguments, such as "--requirepass", "pw".
func Start(extra ...string) (*Server, error) {
	path, err := Path()
	if err != nil {
		return nil, err
	}
	return StartPath(path, extra...)
}

// StartPath is Start with the redis-server at path.
func StartPath(path string, extra ...string) (*Server, error) {
	return launch(path, func(s *Server, port int, dir string) error {
		s.URL = fmt.Sprintf("redis://127.0.0.1:%d/0", port)
		s.args = append([]string{"--port", strconv.Itoa(port)}, s.args...)
		return nil
	}, extra...)
}

// launch starts the redis-server at path on a free loopback port, in a
// fresh directory, without persistence; listen sets the server's URL and
// the arguments that make it listen on port.
func launch(path string, listen func(s *Server, port int, dir string) error, extra ...string) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "nanostream-redis")
	if err != nil {
		return nil, err
	}
	s := &Server{
		Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		path: path,
		args: []string{"--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no", "--loglevel", "warning"},
	}
	err = listen(s, port, dir)
	if err == nil {
		s.args = append(s.args, extra...)
		err = s.start()
	}
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

// Run starts a server for a test and stops it at the test's end; without
// a redis-server the test fails, it is never skipped.
func Run(t testing.TB, extra ...string) *Server {
	t.Helper()
	s, err := Start(extra...)
	if err != nil {
		t.Fatalf("starting redis-server: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cmd := exec.Command(s.path, s.args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	cmd.Stdout = nil
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("running %s: %w", s.path, err)
	}
	done := make(chan struct{})
	var lastLines []string
	var linesMu sync.Mutex
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			linesMu.Lock()
			lastLines = append(lastLines, sc.Text())
			if len(lastLines) > 5 {
				lastLines = lastLines[1:]
			}
			linesMu.Unlock()
		}
	}()
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	s.cmd, s.done = cmd, done
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			linesMu.Lock()
			defer linesMu.Unlock()
			return fmt.Errorf("redis-server ended at its start: %s", strings.Join(lastLines, "; "))
		default:
		}
		if ping(s.Addr, s.tls) {
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	<-done
	return errors.New("redis-server did not answer within 10 s")
}

// ping reports whether a Redis answers at addr, over TLS when tlsConfig is
// set: without a password it says PONG, with one it says NOAUTH, which is
// an answer too.
func ping(addr string, tlsConfig *tls.Config) bool {
	var conn net.Conn
	var err error
	dialer := &net.Dialer{Timeout: 200 * time.Millisecond}
	if tlsConfig != nil {
		conn, err = tls.DialWithDialer(dialer, "tcp", addr, tlsConfig)
	} else {
		conn, err = dialer.Dial("tcp", addr)
	}
	if err != nil {
		return false
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Second))
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	return err == nil && (strings.HasPrefix(line, "+PONG") || strings.HasPrefix(line, "-NOAUTH"))
}

// Kill ends the server at once, as a crash does.
func (s *Server) Kill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.done
	s.cmd = nil
}

// Restart starts a killed server again on the same port, empty.
func (s *Server) Restart() error {
	s.Kill()
	return s.start()
}

// Stop ends the server and removes its directory.
func (s *Server) Stop() {
	s.Kill()
	for i, a := range s.args {
		if a == "--dir" && i+1 < len(s.args) {
			_ = os.RemoveAll(s.args[i+1])
		}
	}
}

// Pause stops the server's process without ending it (SIGSTOP), so that
// it accepts no more answers: a Redis that hangs. Resume continues it.
func (s *Server) Pause() error { return s.signal("STOP") }

// Resume continues a paused server.
func (s *Server) Resume() error { return s.signal("CONT") }

func (s *Server) signal(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return errors.New("redis-server is not running")
	}
	return exec.Command("kill", "-"+name, strconv.Itoa(s.cmd.Process.Pid)).Run()
}

// freePort is a loopback port nobody listens on now.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
