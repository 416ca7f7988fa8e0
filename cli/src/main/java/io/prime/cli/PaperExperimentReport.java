package io.prime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prime.cli.PaperExperiment.Figure;
import io.prime.cli.PaperExperiment.Kind;
import io.prime.cli.PaperExperiment.Series;
import io.prime.cli.PaperExperimentRunner.Result;
import io.prime.core.traffic.TrafficClass;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes what a {@link PaperExperiment} measured: one CSV and one PNG per figure (one column or curve per series, one
 * row or point per number of clients), the plateaus ({@code summary.json}, {@code summary.csv}) and every run
 * ({@code runs.csv}, with the command that replays it). The figure files depend only on the simulated results, so
 * they are identical whatever the number of jobs; wall times appear only in {@code runs.csv} and the summary's
 * {@code wall_seconds}.
 */
final class PaperExperimentReport {
    /** The paper's numbers (§7) for each configuration and series, as the summary shows them beside ours. */
    static final Map<String, String> PAPER = Map.of(
            "7/prime", "~850 (about 350 clients)",
            "7/bft", "slightly < 850 (about 250 clients)",
            "7/prime-attack-klat1", "~400",
            "7/prime-attack-klat2", "~400",
            "7/bft-attack-300ms", "< 30",
            "7/bft-attack-5s", "~2 (not plotted)",
            "4/prime", "~1140 (600 clients)",
            "4/prime-attack-klat1", "30x BFT under attack",
            "4/prime-attack-klat2", "30x BFT under attack",
            "4/bft-attack-300ms", "1/30 of Prime under attack");

    /**
     * One series' plateau: the highest throughput over the client counts, and what the run there measured. For a
     * series under attack only runs in which the view never changed count (the paper measures a faulty leader that
     * stays in power, §7 "Attack Strategies"; a run where it was replaced ends under a correct leader): {@code
     * replaced} lists the client counts of the runs left out, and if every run had a view change all of them count.
     */
    record Plateau(int replicas, Series series, Result at, Result lowestLoad, List<Integer> replaced) {
        double ups() {
            return at.throughput();
        }

        double bound() {
            return at.bytes().bandwidthBoundUps();
        }
    }

    private final PaperExperiment experiment;
    private final List<Result> results;

    PaperExperimentReport(PaperExperiment experiment, List<Result> results) {
        this.experiment = experiment;
        this.results = results;
    }

    /** The series that ran for {@code n} servers, in legend order. */
    List<Series> seriesRun(int n) {
        List<Series> out = new ArrayList<>();
        for (Result r : results) {
            if (r.run().replicas() == n && !out.contains(r.run().series())) {
                out.add(r.run().series());
            }
        }
        return out;
    }

    List<Result> resultsOf(int n, Series s) {
        return results.stream().filter(r -> r.run().replicas() == n && r.run().series().equals(s)).toList();
    }

    List<Plateau> plateaus() {
        List<Plateau> out = new ArrayList<>();
        for (int n : experiment.settings().replicas) {
            for (Series s : seriesRun(n)) {
                List<Result> rs = resultsOf(n, s);
                boolean attack = s.kind() == Kind.PRIME_ATTACK || s.kind() == Kind.BFT_ATTACK;
                List<Integer> replaced = attack
                        ? rs.stream().filter(r -> r.viewChanges() > 0).map(r -> r.run().clients()).toList()
                        : List.of();
                List<Result> candidates = rs.stream().filter(r -> !replaced.contains(r.run().clients())).toList();
                if (candidates.isEmpty()) {
                    candidates = rs;
                }
                Result best = candidates.get(0);
                for (Result r : candidates) {
                    if (r.throughput() > best.throughput()) {
                        best = r;
                    }
                }
                out.add(new Plateau(n, s, best, rs.get(0), replaced));
            }
        }
        return out;
    }

    /**
     * For each configuration, each Prime-under-attack series' plateau over each PBFT-under-attack series' (the
     * paper: "more than an order of magnitude"; 30x with 4 servers).
     */
    Map<Integer, Map<String, Double>> attackRatios() {
        Map<Integer, Map<String, Double>> out = new LinkedHashMap<>();
        List<Plateau> ps = plateaus();
        for (int n : experiment.settings().replicas) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (Plateau p : ps) {
                if (p.replicas() != n || p.series().kind() != Kind.PRIME_ATTACK) {
                    continue;
                }
                for (Plateau b : ps) {
                    if (b.replicas() == n && b.series().kind() == Kind.BFT_ATTACK) {
                        m.put(p.series().id() + "/" + b.series().id(),
                                b.ups() > 0 ? p.ups() / b.ups() : Double.POSITIVE_INFINITY);
                    }
                }
            }
            out.put(n, m);
        }
        return out;
    }

    /** Writes every file into {@code dir} and returns the paths written. */
    List<Path> write(Path dir, Map<String, Object> header) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Figure fig : PaperExperiment.figures(experiment.settings().replicas)) {
            Path csv = dir.resolve(fig.file() + ".csv");
            Files.writeString(csv, figureCsv(fig), StandardCharsets.UTF_8);
            written.add(csv);
            Path png = dir.resolve(fig.file() + ".png");
            plot(fig, png);
            written.add(png);
        }
        Path summaryJson = dir.resolve("summary.json");
        Files.writeString(summaryJson, summaryJson(header), StandardCharsets.UTF_8);
        written.add(summaryJson);
        Path summaryCsv = dir.resolve("summary.csv");
        Files.writeString(summaryCsv, summaryCsv(), StandardCharsets.UTF_8);
        written.add(summaryCsv);
        Path runsCsv = dir.resolve("runs.csv");
        Files.writeString(runsCsv, runsCsv(), StandardCharsets.UTF_8);
        written.add(runsCsv);
        return written;
    }

    /** Header "clients" then one column per series (its legend); one row per number of clients. */
    String figureCsv(Figure fig) {
        List<Series> series = seriesRun(fig.replicas());
        StringBuilder sb = new StringBuilder("clients");
        for (Series s : series) {
            sb.append(',').append(csv(s.legend()));
        }
        sb.append('\n');
        for (int c : experiment.settings().clientsFor(fig.replicas())) {
            sb.append(c);
            for (Series s : series) {
                sb.append(',');
                for (Result r : resultsOf(fig.replicas(), s)) {
                    if (r.run().clients() == c) {
                        sb.append(value(fig, r));
                    }
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Throughput, or mean latency at the client (empty when no update completed in the measured window, or when the
     * run was too short for its latency to count every client: {@link PaperExperiment.Run#latencyCovered}).
     */
    private static String value(Figure fig, Result r) {
        if (fig.throughput()) {
            return num(r.throughput());
        }
        return r.executed() == 0 || !r.run().latencyCovered() ? "" : num(r.meanMs());
    }

    private void plot(Figure fig, Path png) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        XYChart chart = new XYChartBuilder().width(900).height(600).title(fig.title())
                .xAxisTitle("Number of clients").yAxisTitle(fig.yAxis()).build();
        Styler.ChartTheme theme = Styler.ChartTheme.XChart;
        chart.getStyler().setTheme(theme.newInstance(theme));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setLegendBorderColor(Color.LIGHT_GRAY);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        Double cap = fig.throughput() ? null : latencyCap(fig.replicas());
        if (cap != null) {
            chart.getStyler().setYAxisMax(cap);
        }
        for (Series s : seriesRun(fig.replicas())) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (Result r : resultsOf(fig.replicas(), s)) {
                if (!fig.throughput() && (r.executed() == 0 || !r.run().latencyCovered())) {
                    continue;
                }
                // points above the latency axis's end are kept: XChart clips the curve at the plot's edge, so it
                // leaves the chart as BFT's does in the paper's figures
                xs.add((double) r.run().clients());
                ys.add(fig.throughput() ? r.throughput() : r.meanMs());
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries xy = chart.addSeries(s.legend(), xs, ys);
            xy.setLineStyle(new BasicStroke(2f));
            xy.setMarker(marker(s));
            xy.setLineColor(color(s));
            xy.setMarkerColor(color(s));
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * The latency axis ends at twice the largest latency of the series that are not PBFT under attack (at least
     * 2 s): PBFT's latency under attack grows with the clients to tens of seconds and would flatten every other curve,
     * so its curve leaves the chart there, as BFT's does in the paper's Fig. 7 and 9. The CSV has every value.
     */
    private Double latencyCap(int n) {
        double max = 0;
        for (Result r : results) {
            if (r.run().replicas() == n && r.run().series().kind() != Kind.BFT_ATTACK && r.executed() > 0) {
                max = Math.max(max, r.meanMs());
            }
        }
        double cap = Math.max(2000, 2 * max);
        return Math.ceil(cap / 500) * 500;
    }

    /** One colour per series, the same in every figure whatever else ran. */
    private static Color color(Series s) {
        return switch (s.kind()) {
            case PRIME -> new Color(0x1f, 0x4e, 0xb4);
            case PRIME_ATTACK -> s.id().equals("prime-attack-klat1") ? new Color(0x2c, 0xa0, 0x2c) : new Color(0x0f, 0x6b, 0x5a);
            case BFT -> new Color(0xd6, 0x27, 0x28);
            case BFT_ATTACK -> s.id().equals("bft-attack-300ms") ? new Color(0xff, 0x7f, 0x0e) : new Color(0x8c, 0x56, 0x4b);
        };
    }

    private static org.knowm.xchart.style.markers.Marker marker(Series s) {
        return switch (s.kind()) {
            case PRIME -> SeriesMarkers.CIRCLE;
            case PRIME_ATTACK -> s.id().equals("prime-attack-klat1") ? SeriesMarkers.SQUARE : SeriesMarkers.DIAMOND;
            case BFT -> SeriesMarkers.TRIANGLE_UP;
            case BFT_ATTACK -> s.id().equals("bft-attack-300ms") ? SeriesMarkers.TRIANGLE_DOWN : SeriesMarkers.CROSS;
        };
    }

    String summaryJson(Map<String, Object> header) {
        Map<String, Object> m = new LinkedHashMap<>(header);
        List<Map<String, Object>> configurations = new ArrayList<>();
        Map<Integer, Map<String, Double>> ratios = attackRatios();
        for (int n : experiment.settings().replicas) {
            Map<String, Object> conf = new LinkedHashMap<>();
            conf.put("replicas", n);
            conf.put("clients", experiment.settings().clientsFor(n));
            List<Map<String, Object>> series = new ArrayList<>();
            for (Plateau p : plateaus()) {
                if (p.replicas() == n) {
                    series.add(plateauFields(p));
                }
            }
            conf.put("series", series);
            Map<String, Object> rs = new LinkedHashMap<>();
            ratios.get(n).forEach((k, v) -> rs.put(k, Double.isInfinite(v) ? null : round(v, 1)));
            conf.put("prime_attack_over_bft_attack", rs);
            configurations.add(conf);
        }
        m.put("configurations", configurations);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> plateauFields(Plateau p) {
        Map<String, Object> f = new LinkedHashMap<>();
        PaperExperimentRunner.Bytes b = p.at().bytes();
        f.put("id", p.series().id());
        f.put("legend", p.series().legend());
        f.put("plateau_ups", round(p.ups(), 1));
        f.put("clients_at_plateau", p.at().run().clients());
        f.put("view_changes_at_plateau", p.at().viewChanges());
        f.put("runs_with_view_changes_left_out", p.replaced());
        f.put("mean_ms_at_plateau", round(p.at().meanMs(), 1));
        f.put("p50_ms_at_plateau", round(p.at().p50Ms(), 1));
        f.put("mean_ms_at_lowest_load", round(p.lowestLoad().meanMs(), 1));
        f.put("cpu_utilization_max_at_plateau", p.at().cpuMax());
        f.put("sent_bytes_per_update", round(b.sentMean(), 1));
        f.put("uplink_bytes_per_update", round(b.uplinkMean(), 1));
        f.put("uplink_bytes_per_update_max", round(b.uplinkMax(), 1));
        f.put("reconciliation_bytes_per_update", round(b.reconciliationMean(), 1));
        Map<String, Object> byClass = new LinkedHashMap<>();
        b.uplinkByClassMean().forEach((k, v) -> byClass.put(k, round(v, 1)));
        f.put("uplink_bytes_per_update_by_class", byClass);
        f.put("uplink_utilization_max", round(b.uplinkUtilizationMax(), 3));
        f.put("bandwidth_bound_ups", Double.isInfinite(p.bound()) ? null : round(p.bound(), 1));
        f.put("plateau_over_bound", Double.isInfinite(p.bound()) ? null : round(p.ups() / p.bound(), 3));
        f.put("paper", PAPER.get(p.replicas() + "/" + p.series().id()));
        f.put("replay_at_plateau", p.at().replay());
        return f;
    }

    String summaryCsv() {
        StringBuilder sb = new StringBuilder("replicas,series,legend,plateau_ups,clients_at_plateau,mean_ms_at_plateau,"
                + "mean_ms_at_lowest_load,uplink_bytes_per_update,uplink_bytes_per_update_max,sent_bytes_per_update,"
                + "reconciliation_bytes_per_update,uplink_utilization_max,bandwidth_bound_ups,plateau_over_bound,"
                + "clients_left_out_view_changed,paper\n");
        for (Plateau p : plateaus()) {
            PaperExperimentRunner.Bytes b = p.at().bytes();
            boolean bounded = !Double.isInfinite(p.bound());
            sb.append(p.replicas()).append(',').append(p.series().id()).append(',').append(csv(p.series().legend()))
                    .append(',').append(num(p.ups())).append(',').append(p.at().run().clients())
                    .append(',').append(num(p.at().meanMs())).append(',').append(num(p.lowestLoad().meanMs()))
                    .append(',').append(num(b.uplinkMean())).append(',').append(num(b.uplinkMax()))
                    .append(',').append(num(b.sentMean())).append(',').append(num(b.reconciliationMean()))
                    .append(',').append(String.format(Locale.ROOT, "%.3f", b.uplinkUtilizationMax()))
                    .append(',').append(bounded ? num(p.bound()) : "")
                    .append(',').append(bounded ? String.format(Locale.ROOT, "%.3f", p.ups() / p.bound()) : "")
                    .append(',').append(String.join(";", p.replaced().stream().map(String::valueOf).toList()))
                    .append(',').append(csv(PAPER.getOrDefault(p.replicas() + "/" + p.series().id(), "")))
                    .append('\n');
        }
        return sb.toString();
    }

    String runsCsv() {
        StringBuilder sb = new StringBuilder("replicas,series,clients,throughput_ups,mean_ms,p50_ms,p90_ms,p99_ms,max_ms,"
                + "littles_law_ms,executed_in_window,view_changes,client_retries,cpu_utilization_max,"
                + "uplink_bytes_per_update,uplink_bytes_per_update_max,sent_bytes_per_update,"
                + "reconciliation_bytes_per_update,uplink_utilization_max");
        for (TrafficClass c : TrafficClass.values()) {
            sb.append(",uplink_").append(className(c)).append("_bytes_per_update");
        }
        sb.append(",invariants,wall_seconds,replay\n");
        for (Result r : results) {
            PaperExperimentRunner.Bytes b = r.bytes();
            sb.append(r.run().replicas()).append(',').append(r.run().series().id()).append(',').append(r.run().clients())
                    .append(',').append(num(r.throughput())).append(',').append(num(r.meanMs())).append(',').append(num(r.p50Ms()))
                    .append(',').append(num(r.p90Ms())).append(',').append(num(r.p99Ms())).append(',').append(num(r.maxMs()))
                    .append(',').append(num(r.littlesLawMs()))
                    .append(',').append(r.executed()).append(',').append(r.viewChanges()).append(',').append(r.clientRetries())
                    .append(',').append(String.format(Locale.ROOT, "%.3f", r.cpuMax()))
                    .append(',').append(num(b.uplinkMean())).append(',').append(num(b.uplinkMax()))
                    .append(',').append(num(b.sentMean())).append(',').append(num(b.reconciliationMean()))
                    .append(',').append(String.format(Locale.ROOT, "%.3f", b.uplinkUtilizationMax()));
            for (TrafficClass c : TrafficClass.values()) {
                sb.append(',').append(num(b.uplinkByClassMean().getOrDefault(className(c), 0.0)));
            }
            sb.append(',').append(r.violated() ? "violated" : "ok")
                    .append(',').append(num(r.wallSeconds()))
                    .append(',').append(csv(r.replay())).append('\n');
        }
        return sb.toString();
    }

    /** The class's name in the simulator's JSON ({@code uplink_bytes_in_window_by_class}). */
    private static String className(TrafficClass c) {
        return c.name().toLowerCase(Locale.ROOT);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }

    /** A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break. */
    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
