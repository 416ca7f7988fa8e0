package io.prime.cli;

import io.prime.client.KvClient;
import io.prime.client.PrimeClient;
import io.prime.kv.KvOperation;
import io.prime.kv.KvResult;
import io.prime.runtime.config.ClusterConfig;
import io.prime.runtime.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code prime kv}: one operation on the replicated key-value store. */
@Command(name = "kv", mixinStandardHelpOptions = true,
        description = {"One operation on the replicated key-value store.",
            "put KEY VALUE | get KEY | delete KEY | cas KEY OLD NEW.",
            "cas sets KEY to NEW if its value is OLD (OLD '-' means: if KEY is absent). Prints the result.%n"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (OK, or the value)", "1:not found, or the compare-and-set did not match",
            "2:usage error", "4:no answer from f+1 replicas in time"})
public final class KvCommand implements Callable<Integer> {
    static final int EXIT_UNAVAILABLE = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "the cluster file (cluster.yaml)")
    Path config;

    @Option(names = "--client-id", defaultValue = "-1", description = "client identity to use (default: the cluster's last client; one process per client id at a time)")
    long clientId;

    @Option(names = "--timeout-ms", defaultValue = "10000", description = "give up after this long (default: ${DEFAULT-VALUE})")
    long timeoutMillis;

    @Parameters(arity = "2..4", paramLabel = "OP ARGS", description = "put KEY VALUE | get KEY | delete KEY | cas KEY OLD NEW")
    List<String> words;

    @Override
    public Integer call() throws Exception {
        KvOperation op = parse(words);
        ClusterConfig cluster;
        try {
            cluster = ClusterConfig.load(config);
        } catch (ConfigException e) {
            throw new PrimeCommand.UserException(e.getMessage());
        }
        long id = clientId >= 0 ? clientId : cluster.clientCount() - 1;
        PrintWriter out = spec.commandLine().getOut();
        KvResult r;
        try (KvClient kv = new KvClient(PrimeClient.connect(cluster, id))) {
            r = kv.execute(op).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            spec.commandLine().getErr().println("prime kv: no answer from " + (cluster.faults() + 1)
                    + " matching replicas within " + timeoutMillis + " ms (is the cluster running?)");
            return EXIT_UNAVAILABLE;
        } catch (ConfigException | IllegalArgumentException e) {
            throw new PrimeCommand.UserException(e.getMessage());
        }
        out.println(r.status() == KvResult.Status.OK && r.value() != null ? r.valueUtf8() : r.toString());
        out.flush();
        return switch (r.status()) {
            case OK -> 0;
            case NOT_FOUND, CAS_MISMATCH -> 1;
            default -> 1;
        };
    }

    static KvOperation parse(List<String> w) {
        String op = w.get(0);
        int args = w.size() - 1;
        switch (op) {
            case "put":
                need(op, args, 2);
                return KvOperation.put(w.get(1), w.get(2));
            case "get":
                need(op, args, 1);
                return KvOperation.get(w.get(1));
            case "delete":
                need(op, args, 1);
                return KvOperation.delete(w.get(1));
            case "cas":
                need(op, args, 3);
                return KvOperation.cas(w.get(1), "-".equals(w.get(2)) ? null : w.get(2), w.get(3));
            default:
                throw new PrimeCommand.UserException("unknown operation '" + op + "'; use put, get, delete or cas");
        }
    }

    private static void need(String op, int got, int want) {
        if (got != want) {
            throw new PrimeCommand.UserException(op + " takes " + want + " argument" + (want == 1 ? "" : "s") + ", got " + got);
        }
    }
}
