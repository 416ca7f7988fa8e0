package io.prime.runtime.edge;

import io.prime.core.replica.Input;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Verified inputs waiting for the core thread. Bounded: a verifier that finds it full waits (and so, through its
 * per-source queues, the sockets of whoever is sending too much stop being read); the core thread never waits on
 * it. The core thread is woken when an input arrives.
 */
public final class CoreInbox {
    private final ConcurrentLinkedQueue<Input> queue = new ConcurrentLinkedQueue<>();
    private final Semaphore capacity;
    private final int maxInputs;
    private volatile Thread consumer;

    public CoreInbox(int maxInputs) {
        this.maxInputs = maxInputs;
        this.capacity = new Semaphore(maxInputs);
    }

    /** Sets the thread woken by {@link #put}. */
    public void consumer(Thread thread) {
        this.consumer = thread;
    }

    /** Adds a verified input, waiting while the inbox is full. */
    public void put(Input input) throws InterruptedException {
        capacity.acquire();
        queue.add(input);
        Thread t = consumer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Moves up to {@code max} inputs into {@code into} (core thread); returns how many. */
    public int drainTo(List<Input> into, int max) {
        int n = 0;
        Input i;
        while (n < max && (i = queue.poll()) != null) {
            into.add(i);
            n++;
        }
        if (n > 0) {
            capacity.release(n);
        }
        return n;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    public int size() {
        return maxInputs - capacity.availablePermits();
    }
}
