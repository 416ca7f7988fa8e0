package io.prime.cli;

import io.prime.runtime.config.ClusterConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The replica processes of a local cluster, as children of this process: each runs {@code prime replica} with its own
 * data directory and writes its log to {@code DIR/logs/replica-I.log}. A replica prints a ready line once it listens,
 * which is what {@link #startAll} waits for; a {@link LineListener} sees every line too (protocol events, for the
 * demo). Replicas given a Byzantine behaviour are told who their partners are ({@code --coalition}). Children also
 * stop by themselves if this process dies ({@code --exit-with-parent}). {@link #close} stops them all (SIGTERM, then
 * SIGKILL after a grace period); it may be called from a shutdown hook while another thread uses the cluster.
 */
final class ClusterProcesses implements AutoCloseable {
    /** JVM options of each replica process; PRIME_REPLICA_JAVA_OPTS replaces them. */
    static final String DEFAULT_JAVA_OPTS = "-Xmx1g -XX:+UseParallelGC";

    private final Path clusterFile;
    private final Path dir;
    private final ClusterConfig config;
    private final Map<Integer, String> behaviours;
    private final int linkDelayMillis;
    private final Process[] processes;
    private final List<CompletableFuture<Void>> ready = new ArrayList<>();
    private final List<String> extraJvmOptions;
    private volatile LineListener lineListener = (id, line) -> { };
    /** Whether replicas with a behaviour start it switched off, until {@link #activate}. */
    private boolean dormant;
    /** Set by {@link #close}: no process starts after it (guarded by this). */
    private boolean closed;

    /** Sees each line a replica prints (its log), on that replica's log thread. */
    interface LineListener {
        void line(int replica, String line);
    }

    ClusterProcesses(Path clusterFile, Path dir, ClusterConfig config, Map<Integer, String> behaviours, int linkDelayMillis,
                     List<String> extraJvmOptions) {
        this.clusterFile = clusterFile;
        this.dir = dir;
        this.config = config;
        this.behaviours = behaviours;
        this.linkDelayMillis = linkDelayMillis;
        this.processes = new Process[config.replicaCount()];
        this.extraJvmOptions = extraJvmOptions;
        for (int i = 0; i < processes.length; i++) {
            ready.add(new CompletableFuture<>());
        }
    }

    /** Where each line every replica prints goes besides its log file. */
    ClusterProcesses onLine(LineListener listener) {
        this.lineListener = listener;
        return this;
    }

    /** Replicas given a behaviour start with it switched off ({@code prime replica --dormant}) until {@link #activate}. */
    ClusterProcesses dormantBehaviours() {
        this.dormant = true;
        return this;
    }

    /** Switches replica {@code id}'s dormant behaviour on (a line on its standard input). */
    void activate(int id) throws IOException {
        Process p = processes[id];
        if (p == null || !p.isAlive()) {
            throw new IOException("replica " + id + " is not running");
        }
        java.io.OutputStream in = p.getOutputStream();
        in.write((ReplicaCommand.ACTIVATE + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The replicas that run a Byzantine behaviour (not {@code none}), as ids. */
    private List<String> coalition() {
        List<String> ids = new ArrayList<>();
        behaviours.forEach((id, name) -> {
            if (name != null && !name.equals(io.prime.runtime.behaviour.Behaviours.NONE)) {
                ids.add(Integer.toString(id));
            }
        });
        return ids;
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .filter(c -> c.endsWith("java"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    Path logFile(int id) {
        return dir.resolve("logs").resolve("replica-" + id + ".log");
    }

    /** Starts every replica and waits until all listen (or fails after {@code timeoutMillis}). */
    void startAll(long timeoutMillis) throws IOException, InterruptedException, TimeoutException {
        for (int i = 0; i < processes.length; i++) {
            start(i);
        }
        try {
            CompletableFuture.allOf(ready.toArray(new CompletableFuture[0])).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Starts replica {@code id}; the returned future completes when it listens. */
    CompletableFuture<Void> start(int id) throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        String opts = System.getenv().getOrDefault("PRIME_REPLICA_JAVA_OPTS", DEFAULT_JAVA_OPTS);
        for (String o : opts.trim().split("\\s+")) {
            if (!o.isEmpty()) {
                cmd.add(o);
            }
        }
        cmd.addAll(extraJvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(PrimeCommand.class.getName());
        cmd.add("replica");
        cmd.add("--config");
        cmd.add(clusterFile.toString());
        cmd.add("--id");
        cmd.add(Integer.toString(id));
        cmd.add("--data");
        cmd.add(dir.resolve("data").resolve("replica-" + id).toString());
        cmd.add("--exit-with-parent");
        String behaviour = behaviours.get(id);
        if (behaviour != null) {
            cmd.add("--behaviour");
            cmd.add(behaviour);
            if (!behaviour.equals(io.prime.runtime.behaviour.Behaviours.NONE)) {
                cmd.add("--coalition");
                cmd.add(String.join(",", coalition()));
                if (dormant) {
                    cmd.add("--dormant");
                }
            }
        }
        if (linkDelayMillis > 0) {
            cmd.add("--link-delay-ms");
            cmd.add(Integer.toString(linkDelayMillis));
        }
        Process p;
        synchronized (this) {
            if (closed) {
                throw new IOException("the cluster is being stopped");
            }
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            processes[id] = p;
        }
        CompletableFuture<Void> isReady = new CompletableFuture<>();
        ready.set(id, isReady);
        Path log = logFile(id);
        Thread pump = new Thread(() -> pump(id, p, log, isReady, this), "replica-" + id + "-log");
        pump.setDaemon(true);
        pump.start();
        return isReady;
    }

    private static void pump(int id, Process p, Path log, CompletableFuture<Void> isReady, ClusterProcesses owner) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(ReplicaCommand.READY)) {
                    isReady.complete(null);
                }
                try {
                    owner.lineListener.line(id, line);
                } catch (RuntimeException e) {
                    // a listener's bug must not stop the copying: the replica would block on a full pipe
                }
                w.write(line);
                w.write('\n');
                w.flush();
            }
        } catch (IOException e) {
            // the process went away; nothing more to copy
        }
        isReady.completeExceptionally(new IOException("replica " + id + " exited with " + exitCode(p)
                + " before it was ready; see " + log));
    }

    private static String exitCode(Process p) {
        try {
            return Integer.toString(p.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    Process process(int id) {
        return processes[id];
    }

    /** Kills replica {@code id} at once (SIGKILL): a crash. */
    void crash(int id) throws InterruptedException {
        Process p = processes[id];
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    boolean alive(int id) {
        return processes[id] != null && processes[id].isAlive();
    }

    /** Waits until every replica process has exited. */
    void awaitExit() throws InterruptedException {
        for (Process p : processes) {
            if (p != null) {
                p.waitFor();
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true; // no process starts after this
        }
        for (Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroy();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Process p : processes) {
            if (p == null) {
                continue;
            }
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    ClusterConfig config() {
        return config;
    }
}
