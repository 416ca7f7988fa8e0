package io.prime.cli;

import io.prime.runtime.behaviour.Behaviours;
import io.prime.runtime.config.ClusterConfig;
import io.prime.runtime.config.ClusterSetup;
import io.prime.runtime.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code prime cluster}: a whole local cluster as child processes on loopback. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Runs a local cluster: one replica process per replica on loopback.",
            "The first run on a DIR writes DIR/cluster.yaml and the keys; a later run on the same DIR restarts the same cluster with its",
            "data directories. Runs until Ctrl-C or SIGTERM, then stops every replica it started.%n"})
public final class ClusterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "the cluster's directory (cluster.yaml, keys, data, logs)")
    Path dir;

    @Option(names = "--replicas", defaultValue = "4", description = "N = 3f+1 (first run only; default: ${DEFAULT-VALUE})")
    int replicas;

    @Option(names = "--clients", defaultValue = "100", description = "client identities (first run only; default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--base-port", defaultValue = "7100", description = "replica i listens on base-port + i (first run only; default: ${DEFAULT-VALUE})")
    int basePort;

    @Option(names = "--metrics-base-port", defaultValue = "9100", description = "replica i serves metrics on this + i, 0 for none (first run only; default: ${DEFAULT-VALUE})")
    int metricsBasePort;

    @Option(names = "--behaviour", paramLabel = "I=NAME",
            description = {"run replica I with a Byzantine behaviour (repeatable; default none), e.g. 0=leader-delay;",
                "NAME+NAME runs several on one replica (0=leader-delay+recon). Names: prime replica --help."})
    Map<Integer, String> behaviours = new TreeMap<>();

    @Option(names = "--link-delay-ms", defaultValue = "0", description = "delay every frame between replicas by this much")
    int linkDelayMillis;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path file = dir.resolve(ClusterSetup.CLUSTER_FILE);
        ClusterConfig config;
        boolean fresh = !Files.exists(file);
        if (fresh) {
            // All replicas on one machine: a power cut takes every one of them down at once, so fsync buys nothing a
            // restarted local cluster needs (records still reach the OS before messages leave, which survives a
            // crashed or killed replica process); on a VM disk it would cost ~8 ms per protocol step.
            config = KeygenCommand.generate(dir, replicas, clients, "127.0.0.1", basePort, metricsBasePort, false, false);
        } else {
            try {
                config = ClusterConfig.load(file);
            } catch (ConfigException e) {
                throw new PrimeCommand.UserException(e.getMessage());
            }
        }
        for (Map.Entry<Integer, String> b : behaviours.entrySet()) {
            if (b.getKey() < 0 || b.getKey() >= config.replicaCount()) {
                throw new PrimeCommand.UserException("--behaviour " + b.getKey() + "=" + b.getValue() + ": no such replica");
            }
            try {
                Behaviours.byName(b.getValue());
            } catch (IllegalArgumentException e) {
                throw new PrimeCommand.UserException(e.getMessage());
            }
        }
        ClusterProcesses processes = new ClusterProcesses(file.toAbsolutePath(), dir.toAbsolutePath(), config, behaviours,
                linkDelayMillis, List.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            processes.close();
            stopped.countDown();
        }, "prime-cluster-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            processes.startAll(60_000);
        } catch (Exception e) {
            processes.close();
            throw new PrimeCommand.UserException("the cluster did not start: " + e.getMessage());
        }
        out.printf("%s cluster of %d replicas (f = %d) running from %s; logs in %s%n", fresh ? "New" : "Restarted",
                config.replicaCount(), config.faults(), dir, dir.resolve("logs"));
        for (int i = 0; i < config.replicaCount(); i++) {
            var r = config.replica(i);
            out.printf("  replica %d  %s:%d%s%s%n", i, r.host(), r.port(),
                    r.metricsPort() > 0 ? "  metrics http://" + r.host() + ":" + r.metricsPort() + "/metrics" : "",
                    behaviours.containsKey(i) ? "  behaviour " + behaviours.get(i) : "");
        }
        long byzantine = behaviours.values().stream().filter(b -> !b.equals(Behaviours.NONE)).count();
        if (byzantine > config.faults()) {
            out.printf("Note: %d replicas run Byzantine behaviours, more than f = %d: the protocol promises nothing then.%n",
                    byzantine, config.faults());
        }
        out.printf("Try:  ./prime kv --config %s put hello world%n", file);
        out.printf("      ./prime bench --config %s --clients 20 --duration 10%n", file);
        out.println("Ctrl-C stops the cluster.");
        out.flush();
        processes.awaitExit();
        // Every replica exited: either we are being stopped (the hook runs) or they died on their own.
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            stopped.await();
            return 0;
        }
        processes.close();
        spec.commandLine().getErr().println("prime cluster: every replica exited; see " + dir.resolve("logs"));
        return 1;
    }
}
