package io.prime.sim;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** "A run is fully determined by its configuration and seed." */
class DeterminismTest {
    private static Map<String, Object> withoutWallClock(SimResult r) {
        Map<String, Object> m = new LinkedHashMap<>(r.fields());
        m.remove("wall_seconds");
        return m;
    }

    @Test
    void sameSeedSameResult() {
        SimConfig config = Runs.lan(4, 20, 42).faultPlan(new FaultPlan(0.02, 0.01, 0.05, 2_000,
                java.util.List.of(), 0, 1_000_000)).build();
        SimResult a = new Simulation(config).run();
        SimResult b = new Simulation(config).run();
        assertEquals(withoutWallClock(a), withoutWallClock(b));
    }

    @Test
    void differentSeedDifferentRun() {
        SimResult a = new Simulation(Runs.lan(4, 20, 1).build()).run();
        SimResult b = new Simulation(Runs.lan(4, 20, 2).build()).run();
        assertNotEquals(a.fields().get("events"), b.fields().get("events"));
    }
}
