// Peer for berth's request-log benchmark: go-hello plus one JSON line per request on stdout with
// the request log's fields (those of the Go backend `docker extension init` generates), one
// write(2) each. Standard library only.
//   go-hello-log -unix /tmp/x/go.sock -tcp 127.0.0.1:18085 >/dev/null
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"time"
)

type line struct {
	Time         string `json:"time"`
	Level        string `json:"level"`
	Msg          string `json:"msg"`
	ID           string `json:"id"`
	RemoteIP     string `json:"remote_ip"`
	Host         string `json:"host"`
	Method       string `json:"method"`
	URI          string `json:"uri"`
	UserAgent    string `json:"user_agent"`
	Status       int    `json:"status"`
	Error        string `json:"error"`
	Latency      int64  `json:"latency"`
	LatencyHuman string `json:"latency_human"`
	BytesIn      int64  `json:"bytes_in"`
	BytesOut     int    `json:"bytes_out"`
	Plugin       string `json:"plugin"`
}

func main() {
	unixPath := flag.String("unix", "", "Unix socket path")
	tcpAddr := flag.String("tcp", "", "TCP address")
	flag.Parse()
	body := []byte(`{"message":"hello"}`)
	var next uint64
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
		latency := time.Since(start)
		id := atomic.AddUint64(&next, 1)
		b, _ := json.Marshal(line{
			Time: time.Now().UTC().Format("2006-01-02T15:04:05.000Z07:00"), Level: "info",
			Msg: "request", ID: fmt.Sprint(id), RemoteIP: r.RemoteAddr, Host: r.Host,
			Method: r.Method, URI: r.RequestURI, UserAgent: r.UserAgent(), Status: 200,
			Latency: latency.Nanoseconds(), LatencyHuman: latency.String(),
			BytesIn: r.ContentLength, BytesOut: len(body), Plugin: "hello",
		})
		os.Stdout.Write(append(b, '\n')) // one write(2) per request
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
