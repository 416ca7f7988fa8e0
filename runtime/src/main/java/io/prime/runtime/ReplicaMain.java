package io.prime.runtime;

import io.prime.runtime.config.ClusterConfig;

import java.nio.file.Path;

/**
 * A minimal launcher for one replica without the CLI: {@code java -cp ... io.prime.runtime.ReplicaMain --config FILE
 * --id I [--data DIR] [--metrics-port P]}. Prints {@value #READY} and the id once listening; stops on SIGTERM.
 * {@code prime replica} is the full-featured command; this is for embedding and tests.
 */
public final class ReplicaMain {
    public static final String READY = "PRIME-REPLICA-READY";

    private ReplicaMain() {
    }

    public static void main(String[] args) throws Exception {
        Path config = null;
        Path data = null;
        int id = -1;
        int metricsPort = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--config" -> config = Path.of(args[i + 1]);
                case "--id" -> id = Integer.parseInt(args[i + 1]);
                case "--data" -> data = Path.of(args[i + 1]);
                case "--metrics-port" -> metricsPort = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (config == null || id < 0) {
            System.err.println("usage: ReplicaMain --config FILE --id I [--data DIR] [--metrics-port P]");
            System.exit(2);
        }
        ReplicaNode node = ReplicaNode.start(ClusterConfig.load(config),
                ReplicaNode.Options.of(id).withDataDir(data).withMetricsPort(metricsPort));
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> System.exit(0)));
        System.out.println(READY + " " + id);
        System.out.flush();
        node.awaitStop();
    }
}
