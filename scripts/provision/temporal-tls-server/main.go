// A single-process Temporal server (SQLite in memory) whose frontend requires mutual TLS, for the test that
// adpilot's Temporal TLS options reach a real Temporal frontend. `temporal server start-dev` has no TLS flags
// (v1.5.1), so this builds the same server from go.temporal.io/server with Global.TLS set; the dev server's
// other settings are copied from github.com/temporalio/cli/temporalcli/devserver.
//
//	temporal-tls-server -port 7233 -ca ca.pem -cert server.pem -key server-key.pem \
//	  -worker-cert client.pem -worker-key client-key.pem -server-name localhost -search-attribute Name=Keyword
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/membership/static"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/primitives"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"
)

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func main() {
	port := flag.Int("port", 7233, "frontend gRPC port")
	ca := flag.String("ca", "", "CA that signed the server and client certificates")
	cert := flag.String("cert", "", "frontend server certificate")
	key := flag.String("key", "", "frontend server key")
	workerCert := flag.String("worker-cert", "", "client certificate of the server's own system worker")
	workerKey := flag.String("worker-key", "", "client key of the server's own system worker")
	serverName := flag.String("server-name", "localhost", "name in the server certificate")
	var attrs multi
	flag.Var(&attrs, "search-attribute", "Name=Keyword (repeatable)")
	flag.Parse()
	if err := run(*port, *ca, *cert, *key, *workerCert, *workerKey, *serverName, attrs); err != nil {
		fmt.Fprintln(os.Stderr, "temporal-tls-server:", err)
		os.Exit(1)
	}
}

func run(port int, ca, cert, key, workerCert, workerKey, serverName string, attrs []string) error {
	const ip = "127.0.0.1"
	httpPort := freePort()
	var conf config.Config
	conf.Global.Membership.MaxJoinDuration = 30_000_000_000
	conf.Global.Membership.BroadcastAddress = ip
	conf.Global.TLS = config.RootTLS{
		Frontend: config.GroupTLS{
			Server: config.ServerTLS{CertFile: cert, KeyFile: key, ClientCAFiles: []string{ca}, RequireClientAuth: true},
		},
		// The server's own system worker (schedules, batch) calls the frontend too, with a client certificate.
		SystemWorker: config.WorkerTLS{
			CertFile: workerCert, KeyFile: workerKey,
			Client: config.ClientTLS{ServerName: serverName, RootCAFiles: []string{ca}},
		},
	}
	conf.Persistence.DefaultStore = "sqlite-default"
	conf.Persistence.VisibilityStore = "sqlite-default"
	conf.Persistence.NumHistoryShards = 1
	sqlConf := &config.SQL{
		PluginName:        sqliteplugin.PluginName,
		ConnectAttributes: map[string]string{"mode": "memory", "cache": "shared"},
		DatabaseName:      strconv.Itoa(rand.Intn(9999999)),
	}
	conf.Persistence.DataStores = map[string]config.DataStore{"sqlite-default": {SQL: sqlConf}}
	conf.ClusterMetadata = &cluster.Config{
		FailoverVersionIncrement: 10,
		MasterClusterName:        "active",
		CurrentClusterName:       "active",
		ClusterInformation: map[string]cluster.ClusterInformation{
			"active": {
				Enabled:                true,
				InitialFailoverVersion: 1,
				RPCAddress:             fmt.Sprintf("%s:%d", ip, port),
				HTTPAddress:            fmt.Sprintf("%s:%d", ip, httpPort),
				ClusterID:              "tls-test",
			},
		},
	}
	conf.DCRedirectionPolicy.Policy = "noop"
	service := func(p, hp int) config.Service {
		var s config.Service
		s.RPC.GRPCPort, s.RPC.BindOnIP, s.RPC.HTTPPort = p, ip, hp
		return s
	}
	conf.Services = map[string]config.Service{
		"frontend": service(port, httpPort),
		"history":  service(freePort(), 0),
		"matching": service(freePort(), 0),
		"worker":   service(freePort(), 0),
	}
	conf.Archival.History.State = "disabled"
	conf.Archival.Visibility.State = "disabled"
	conf.NamespaceDefaults.Archival.History.State = "disabled"
	conf.NamespaceDefaults.Archival.Visibility.State = "disabled"
	conf.PublicClient.HostPort = fmt.Sprintf("%s:%d", ip, port)

	searchAttributes := map[string]enums.IndexedValueType{}
	for _, a := range attrs {
		name, kind, _ := strings.Cut(a, "=")
		searchAttributes[name] = enums.IndexedValueType(enums.IndexedValueType_value["INDEXED_VALUE_TYPE_"+strings.ToUpper(kind)])
	}
	ns, err := sqliteschema.NewNamespaceConfig("active", "default", false, searchAttributes)
	if err != nil {
		return err
	}
	if err := sqliteschema.CreateNamespaces(sqlConf, ns); err != nil {
		return err
	}

	logger := log.NewZapLogger(log.BuildZapLogger(log.Config{Level: "warn", Format: "console"}))
	authorizer, err := authorization.GetAuthorizerFromConfig(&conf.Global.Authorization)
	if err != nil {
		return err
	}
	claimMapper, err := authorization.GetClaimMapperFromConfig(&conf.Global.Authorization, logger)
	if err != nil {
		return err
	}
	host := func(name primitives.ServiceName) static.Hosts {
		return static.SingleLocalHost(fmt.Sprintf("%s:%d", ip, conf.Services[string(name)].RPC.GRPCPort))
	}
	dyn := dynamicconfig.StaticClient{dynamicconfig.FrontendMaxNamespaceVisibilityRPSPerInstance.Key(): 100}
	server, err := temporal.NewServer(
		temporal.WithConfig(&conf),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithStaticHosts(map[primitives.ServiceName]static.Hosts{
			primitives.FrontendService: host(primitives.FrontendService),
			primitives.MatchingService: host(primitives.MatchingService),
			primitives.HistoryService:  host(primitives.HistoryService),
			primitives.WorkerService:   host(primitives.WorkerService),
		}),
		temporal.WithLogger(logger),
		temporal.WithAuthorizer(authorizer),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return claimMapper }),
		temporal.WithDynamicConfigClient(dyn),
	)
	if err != nil {
		return err
	}
	if err := server.Start(); err != nil {
		return err
	}
	fmt.Printf("temporal-tls-server: frontend on %s:%d (mTLS)\n", ip, port)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	server.Stop()
	return nil
}
