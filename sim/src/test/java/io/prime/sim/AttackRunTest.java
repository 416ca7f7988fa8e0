package io.prime.sim;

import io.prime.attacks.AttackPlan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttackRunTest {
    static SimResult run(SimConfig.Builder b, String attack) {
        SimConfig probe = b.build();
        AttackPlan plan = AttackPlan.of(AttackPlan.parseNames(attack), probe.replicas);
        return new Simulation(SimAttacks.apply(b, plan).build()).run();
    }

    @ParameterizedTest
    @CsvSource({"4,1", "7,1"})
    void recon(int n, long seed) {
        SimResult r = run(Runs.lan(n, 20, seed).durationSeconds(2), "recon");
        System.out.println(r.humanSummary());
        for (Map<String, Object> rep : r.perReplica()) {
            System.out.println(rep.get("id") + " " + rep.get("uplink_bytes_by_class") + " " + rep.get("rejected"));
        }
        assertFalse(r.violated(), r.humanSummary());
    }
}
