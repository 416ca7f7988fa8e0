package io.prime.cli;

import io.prime.runtime.ReplicaNode;
import io.prime.runtime.behaviour.Behaviours;
import io.prime.runtime.config.ClusterConfig;
import io.prime.runtime.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code prime replica}: runs one replica process until SIGTERM or Ctrl-C. */
@Command(name = "replica", mixinStandardHelpOptions = true,
        description = {"Runs one replica of a cluster until it is stopped (SIGTERM, Ctrl-C).",
            "Logs one line per protocol event (view change, suspicion, blacklisting) to stderr.%n"})
public final class ReplicaCommand implements Callable<Integer> {
    /** Printed on stdout once the replica listens: {@code prime cluster} waits for it. */
    static final String READY = "PRIME-REPLICA-READY";
    /** With --dormant: this line on standard input switches the behaviour on. */
    static final String ACTIVATE = "activate";

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "the cluster file (cluster.yaml)")
    Path config;

    @Option(names = "--id", required = true, description = "this replica's id")
    int id;

    @Option(names = "--data", description = "data directory (created if missing)")
    Path data;

    @Option(names = "--metrics-port", defaultValue = "-1", description = "Prometheus port (default: the cluster file's metricsPort; 0: none)")
    int metricsPort;

    @Option(names = "--behaviour", defaultValue = "none", paramLabel = "NAME[+NAME...]",
            description = {"none, or a Byzantine behaviour for demos and tests; several joined with + run together "
                + "(leader-delay+recon). Leader attacks act while this replica leads the view (view 0: replica 0).",
                "Known: ${COMPLETION-CANDIDATES}; docs/attacks.md describes them."},
            completionCandidates = BehaviourNames.class)
    String behaviour;

    @Option(names = "--coalition", paramLabel = "ID", split = ",",
            description = "with --behaviour: every replica running a Byzantine behaviour (they collude; default: this one alone)")
    java.util.List<Integer> coalition = new java.util.ArrayList<>();

    @Option(names = "--dormant", description = "with --behaviour: run the honest protocol until the line '" + ACTIVATE
            + "' arrives on standard input, then the behaviour (a replica compromised while it runs; prime demo uses it)")
    boolean dormant;

    @Option(names = "--link-delay-ms", defaultValue = "-1", description = "delay every outgoing replica frame by this much (wide-area behaviour on one host)")
    int linkDelayMillis;

    @Option(names = "--exit-with-parent", hidden = true, description = "stop when the parent process exits (prime cluster sets it)")
    boolean exitWithParent;

    static final class BehaviourNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Behaviours.names().iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        ClusterConfig cluster;
        ReplicaNode node;
        try {
            cluster = ClusterConfig.load(config);
            Behaviours.byName(behaviour);
            if (dormant && behaviour.equals(Behaviours.NONE)) {
                throw new IllegalArgumentException("--dormant needs a --behaviour to switch on");
            }
            long coalitionMask = 0;
            for (int c : coalition) {
                if (c < 0 || c >= cluster.replicaCount()) {
                    throw new IllegalArgumentException("--coalition " + c + ": no such replica");
                }
                coalitionMask |= 1L << c;
            }
            node = ReplicaNode.start(cluster, ReplicaNode.Options.of(id).withDataDir(data).withMetricsPort(metricsPort)
                    .withBehaviour(behaviour).withLinkDelayMillis(linkDelayMillis).withCoalition(coalitionMask)
                    .withDormantBehaviour(dormant));
        } catch (ConfigException | IllegalArgumentException e) {
            throw new PrimeCommand.UserException(e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "prime-shutdown"));
        if (exitWithParent) {
            ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> System.exit(0)));
        }
        if (dormant) {
            Thread commands = new Thread(() -> readCommands(node), "prime-behaviour-switch");
            commands.setDaemon(true);
            commands.start();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(READY + " " + id);
        out.flush();
        node.awaitStop();
        return node.failed() ? 1 : 0;
    }

    /** Reads standard input until it ends: {@value #ACTIVATE} switches the dormant behaviour on. */
    private static void readCommands(ReplicaNode node) {
        try (java.io.BufferedReader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals(ACTIVATE)) {
                    node.activateBehaviour();
                }
            }
        } catch (java.io.IOException e) {
            // standard input closed: nothing more to read
        }
    }
}
