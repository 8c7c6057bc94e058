// Peer for berth's GET /hello benchmark: Go net/http, standard library only, serving
// {"message":"hello"} on a Unix socket and on TCP loopback from one process (like berth).
//   go-hello -unix /tmp/x/go.sock -tcp 127.0.0.1:18081
package main

import (
	"flag"
	"log"
	"net"
	"net/http"
	"os"
)

func main() {
	unixPath := flag.String("unix", "", "Unix socket path")
	tcpAddr := flag.String("tcp", "", "TCP address")
	flag.Parse()
	body := []byte(`{"message":"hello"}`)
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
	os.Remove(*unixPath)
	ul, err := net.Listen("unix", *unixPath)
	if err != nil {
		log.Fatal(err)
	}
	tl, err := net.Listen("tcp", *tcpAddr)
	if err != nil {
		log.Fatal(err)
	}
	go func() { log.Fatal(http.Serve(tl, mux)) }()
	log.Fatal(http.Serve(ul, mux))
}
