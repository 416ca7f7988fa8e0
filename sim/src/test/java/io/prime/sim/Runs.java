package io.prime.sim;

/** Small, fast configurations shared by the simulator tests. */
final class Runs {
    private Runs() {
    }

    /** A LAN-profile run of a few simulated seconds: enough to order thousands of updates. */
    static SimConfig.Builder lan(int replicas, int clients, long seed) {
        return SimConfig.builder().profile(SimProfile.lan()).replicas(replicas).clients(clients)
                .durationSeconds(1.5).warmupSeconds(0.5).seed(seed);
    }

    /** A paper-profile run (50 ms links, 10 Mbps, RSA costs). */
    static SimConfig.Builder paper(int replicas, int clients, long seed) {
        return SimConfig.builder().profile(SimProfile.paper()).replicas(replicas).clients(clients)
                .durationSeconds(6).warmupSeconds(2).seed(seed);
    }
}
