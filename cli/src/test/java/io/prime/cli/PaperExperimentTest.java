package io.prime.cli;

import io.prime.attacks.Behaviours;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code prime experiment paper}: the default suite runs the {@code --tiny} configuration (2 client counts,
 * seconds-long runs) through the same code path as {@code --quick} and the full run; the real quick run is tagged
 * "long" ({@code mvn -Plong}).
 */
class PaperExperimentTest {
    static final List<String> FIGURES = List.of("fig6-throughput-7", "fig7-latency-7", "fig8-throughput-4", "fig9-latency-4");

    /**
     * The options that make the experiment run on this build: the paper's leader attack if it exists, else the
     * reconciliation attack alone; without prime sim's --k-lat, only K_Lat 1 runs (the others are left out, loudly).
     */
    static List<String> buildOptions() {
        List<String> args = new ArrayList<>();
        if (!Behaviours.names().contains("leader-delay")) {
            args.add("--recon-stand-in");
        }
        if (!PaperExperiment.SIM_HAS_K_LAT) {
            args.add("--skip-unavailable");
        }
        return args;
    }

    static List<String> expectedSeries() {
        List<String> s = new ArrayList<>(List.of("Prime", "Prime Attack, KLat=1"));
        if (PaperExperiment.SIM_HAS_K_LAT) {
            s.add("Prime Attack, KLat=2");
        }
        s.addAll(List.of("BFT", "BFT Attack (300 ms)", "BFT Attack (5 s)"));
        return s;
    }

    static CliRun experiment(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("experiment", "paper", "--out", out.toString()));
        args.addAll(List.of(extra));
        args.addAll(buildOptions());
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void tinyRunWritesEveryFigureAndPrimeUnderAttackBeatsBftUnderAttackTenfold(@TempDir Path dir) throws IOException {
        CliRun run = experiment(dir, "--tiny");
        assertEquals(0, run.exitCode(), run.err());
        checkFiles(dir, 2);
        // one progress line per run, with its result
        long lines = run.err().lines().filter(l -> l.matches(".*\\[ ?\\d+/\\d+] .* updates/s, latency mean .*")).count();
        assertEquals(2L * 2 * expectedSeries().size(), lines, run.err());
        assertTrue(run.err().contains("finished"), run.err());
    }

    @Test
    void resultsDoNotDependOnTheNumberOfJobs(@TempDir Path dir) throws IOException {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        assertEquals(0, experiment(one, "--tiny", "--replicas", "4", "--jobs", "1").exitCode());
        assertEquals(0, experiment(two, "--tiny", "--replicas", "4", "--jobs", "2").exitCode());
        for (String f : List.of("fig8-throughput-4.csv", "fig9-latency-4.csv", "summary.csv")) {
            assertEquals(Files.readString(one.resolve(f)), Files.readString(two.resolve(f)), f);
        }
    }

    @Test
    void anUnknownAttackStopsBeforeAnyRunUnlessSkipped(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        CliRun refused = CliRun.of("experiment", "paper", "--tiny", "--replicas", "4", "--out", out.toString(),
                "--prime-attack", "4=no-such-attack");
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("series 4/prime-attack-klat1 cannot run"), refused.err());
        assertTrue(refused.err().contains("unknown attack 'no-such-attack'"), refused.err());
        assertTrue(refused.err().contains("nothing was run"), refused.err());
        assertFalse(Files.exists(out));

        CliRun skipped = CliRun.of("experiment", "paper", "--tiny", "--replicas", "4", "--out", out.toString(),
                "--prime-attack", "4=no-such-attack", "--skip-unavailable");
        assertEquals(0, skipped.exitCode(), skipped.err());
        assertTrue(skipped.err().contains("WARNING: SERIES LEFT OUT"), skipped.err());
        String header = Files.readString(out.resolve("fig8-throughput-4.csv")).lines().findFirst().orElseThrow();
        assertEquals("clients,Prime,BFT,BFT Attack (300 ms),BFT Attack (5 s)", header);
        assertTrue(Files.readString(out.resolve("summary.json")).contains("no-such-attack"), "the summary names what was skipped");
    }

    @Test
    void badOptionsAreUsageErrors(@TempDir Path dir) {
        assertEquals(2, CliRun.of("experiment", "paper", "--tiny", "--out", dir.toString(), "--replicas", "10").exitCode());
        assertEquals(2, CliRun.of("experiment", "paper", "--out", dir.toString(), "--quick", "--tiny").exitCode());
        assertEquals(2, CliRun.of("experiment", "paper", "--tiny").exitCode(), "--out is required");
        assertEquals(2, CliRun.of("experiment").exitCode());
        assertTrue(CliRun.of("experiment", "paper", "--help").out().contains("Fig. 6-9"));
    }

    @Test
    void anAttackSeriesPlateauLeavesOutRunsWhereTheLeaderWasReplaced() {
        PaperExperiment.Settings settings = new PaperExperiment.Settings();
        settings.replicas = List.of(4);
        PaperExperiment experiment = new PaperExperiment(settings);
        PaperExperiment.Series attack = experiment.series(4).stream()
                .filter(x -> x.kind() == PaperExperiment.Kind.PRIME_ATTACK).findFirst().orElseThrow();
        PaperExperiment.Series prime = experiment.series(4).get(0);
        List<PaperExperimentRunner.Result> results = List.of(
                result(prime, 100, 500, 0), result(prime, 300, 900, 2),
                result(attack, 100, 400, 0), result(attack, 300, 800, 1), result(attack, 600, 700, 0));
        List<PaperExperimentReport.Plateau> ps = new PaperExperimentReport(experiment, results).plateaus();
        assertEquals(900, ps.get(0).ups(), "fault-free: every run counts");
        assertEquals(List.of(), ps.get(0).replaced());
        assertEquals(700, ps.get(1).ups(), "under attack: the 800 of a run whose leader was replaced does not count");
        assertEquals(600, ps.get(1).at().run().clients());
        assertEquals(List.of(300), ps.get(1).replaced());
    }

    private static PaperExperimentRunner.Result result(PaperExperiment.Series s, int clients, double ups, long viewChanges) {
        PaperExperiment.Run run = new PaperExperiment.Run(4, s, clients, 1, 1, 2);
        return new PaperExperimentRunner.Result(run, ups, 300, 300, 300, 300, 300, (long) ups * 2, viewChanges, 0, 0.5,
                PaperExperimentRunner.Bytes.NONE, false, "", "", 0, Map.of());
    }

    /** The quick run the issue asks for: within 10 minutes on this machine, every file, Prime 10x BFT under attack. */
    @Test
    @Tag("long")
    void quickRun(@TempDir Path dir) throws IOException {
        long start = System.nanoTime();
        CliRun run = experiment(dir, "--quick");
        double minutes = (System.nanoTime() - start) / 60e9;
        assertEquals(0, run.exitCode(), run.err());
        checkFiles(dir, 6);
        assertTrue(minutes < 10, "the quick run took " + minutes + " min");
    }

    /** Every figure's CSV and PNG, with the right shape, and Prime under attack 10x PBFT under attack at 300 ms. */
    static void checkFiles(Path dir, int clientPoints) throws IOException {
        Map<String, Map<String, List<Double>>> tables = new TreeMap<>();
        for (String fig : FIGURES) {
            List<List<String>> rows = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve(fig + ".csv"))) {
                rows.add(parseCsvLine(line));
            }
            List<String> header = rows.get(0);
            assertEquals("clients", header.get(0), fig);
            assertEquals(expectedSeries(), header.subList(1, header.size()), fig);
            assertEquals(clientPoints, rows.size() - 1, fig + ": one row per number of clients");
            Map<String, List<Double>> columns = new TreeMap<>();
            for (List<String> row : rows.subList(1, rows.size())) {
                assertEquals(header.size(), row.size(), fig + ": " + row);
                for (int c = 1; c < row.size(); c++) {
                    String v = row.get(c);
                    boolean mayBeEmpty = fig.contains("latency") && header.get(c).startsWith("BFT Attack");
                    assertTrue(!v.isEmpty() || mayBeEmpty, fig + ": empty cell in " + row);
                    if (!v.isEmpty()) {
                        double d = Double.parseDouble(v);
                        assertTrue(d >= 0, fig + ": " + row);
                        columns.computeIfAbsent(header.get(c), k -> new ArrayList<>()).add(d);
                    }
                }
            }
            tables.put(fig, columns);
            BufferedImage png = ImageIO.read(dir.resolve(fig + ".png").toFile());
            assertNotNull(png, fig + ".png is not an image");
            assertTrue(png.getWidth() >= 600 && png.getHeight() >= 400, fig + ".png is " + png.getWidth() + "x" + png.getHeight());
        }
        for (String fig : List.of("fig6-throughput-7", "fig8-throughput-4")) {
            Map<String, List<Double>> t = tables.get(fig);
            double prime = t.get("Prime").stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            double bftAttack = t.get("BFT Attack (300 ms)").stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertTrue(bftAttack > 0, fig + ": PBFT under attack ordered nothing");
            for (String s : expectedSeries()) {
                if (s.startsWith("Prime Attack")) {
                    double attacked = t.get(s).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                    assertTrue(attacked >= 10 * bftAttack, fig + ": " + s + " " + attacked + " vs BFT under attack " + bftAttack);
                }
            }
            double bft = t.get("BFT").stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertTrue(prime > 10 * bftAttack && bft > 10 * bftAttack, fig + ": fault-free runs order far more");
        }
        for (String f : List.of("summary.json", "summary.csv", "runs.csv")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
    }

    /** One RFC 4180 line (quoted fields may hold commas). */
    static List<String> parseCsvLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
