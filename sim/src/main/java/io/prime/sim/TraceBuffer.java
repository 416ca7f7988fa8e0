package io.prime.sim;

import java.util.ArrayList;
import java.util.List;

/** The last events that fired, kept cheaply (formatted only when a failure is reported). */
public final class TraceBuffer {
    private final EventQueue.Event[] ring;
    private final long[] numbers;
    private long count;

    public TraceBuffer(int capacity) {
        this.ring = new EventQueue.Event[capacity];
        this.numbers = new long[capacity];
    }

    public void record(long eventNumber, EventQueue.Event event) {
        int at = (int) (count % ring.length);
        ring[at] = event;
        numbers[at] = eventNumber;
        count++;
    }

    /** Oldest first. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        long first = Math.max(0, count - ring.length);
        for (long i = first; i < count; i++) {
            int at = (int) (i % ring.length);
            EventQueue.Event e = ring[at];
            out.add(String.format("#%d  t=%.6fs  %s", numbers[at], e.timeNanos() / 1e9, e.describe()));
        }
        return out;
    }
}
