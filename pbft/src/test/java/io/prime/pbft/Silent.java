package io.prime.pbft;

import io.prime.core.Rejections;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.replica.ReplicaStatus;

import java.util.List;

/** A replica that crashes at {@code fromNanos}: from then on it receives nothing and sends nothing. */
final class Silent implements ReplicaCore {
    private final ReplicaCore inner;
    private final long fromNanos;

    Silent(ReplicaCore inner, long fromNanos) {
        this.inner = inner;
        this.fromNanos = fromNanos;
    }

    @Override
    public int id() {
        return inner.id();
    }

    @Override
    public Outputs step(List<Input> inputs, long nowNanos) {
        if (nowNanos >= fromNanos) {
            return new Outputs(List.of(), List.of(), List.of(), Long.MAX_VALUE);
        }
        Outputs out = inner.step(inputs, nowNanos);
        return new Outputs(out.messages(), out.executed(), out.events(), Math.min(out.nextWakeupNanos(), fromNanos));
    }

    @Override
    public Rejections rejections() {
        return inner.rejections();
    }

    @Override
    public ReplicaStatus status() {
        return inner.status();
    }
}
