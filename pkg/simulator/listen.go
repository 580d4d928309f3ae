package simulator

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Server is a simulator listening on a TCP address.
type Server struct {
	URL  string     // base URL, e.g. http://127.0.0.1:41234
	Sim  *Simulator // the simulator behind it
	srv  *http.Server
	done chan struct{}
}

// Listen starts a simulator on addr (e.g. "127.0.0.1:0") in a goroutine.
func Listen(addr string, opts Options) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	sim := New(opts)
	s := &Server{
		URL:  "http://" + ln.Addr().String(),
		Sim:  sim,
		srv:  &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second},
		done: make(chan struct{}),
	}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// Close stops the server at once, dropping open connections.
func (s *Server) Close() error {
	err := s.srv.Close()
	<-s.done
	return err
}

// Shutdown stops the server after open requests finish or ctx ends.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		err = errors.Join(err, s.srv.Close())
	}
	<-s.done
	return err
}
