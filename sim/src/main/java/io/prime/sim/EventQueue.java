package io.prime.sim;

import java.util.PriorityQueue;

/**
 * The simulator's single event queue: events fire in virtual-time order, ties broken by scheduling order, so a run is
 * fully determined by its configuration and seed.
 */
public final class EventQueue {
    /** Something that happens at a point of virtual time. */
    public abstract static class Event implements Comparable<Event> {
        long timeNanos;
        long sequence;

        public long timeNanos() {
            return timeNanos;
        }

        /** Performs the event. */
        public abstract void fire();

        /** One line for the failure trace. */
        public abstract String describe();

        @Override
        public final int compareTo(Event o) {
            int c = Long.compare(timeNanos, o.timeNanos);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    private final PriorityQueue<Event> heap = new PriorityQueue<>(1 << 16);
    private long nextSequence;

    public void schedule(long timeNanos, Event event) {
        event.timeNanos = timeNanos;
        event.sequence = nextSequence++;
        heap.add(event);
    }

    public Event poll() {
        return heap.poll();
    }

    public Event peek() {
        return heap.peek();
    }

    public int size() {
        return heap.size();
    }
}
