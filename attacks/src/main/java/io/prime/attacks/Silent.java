package io.prime.attacks;

import io.prime.core.replica.Input;
import io.prime.core.replica.Outputs;

import java.util.List;

/**
 * {@code silent}: a crashed server (paper §2: up to f servers may fail arbitrarily; a crash is the mildest failure).
 * It ignores every input and sends nothing. Defence: nothing special — quorums of 2f+1 and eligibility by 2f+1 PO-ARUs
 * never need it; the only cost is the reconciliation parts correct servers keep sending it (Fig. 3 sends to every
 * server whose Last_PO_Aru lags).
 */
public final class Silent implements Behaviour {
    public static final String NAME = "silent";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Input> inputs(List<Input> inputs, long nowNanos) {
        return List.of();
    }

    @Override
    public void outputs(Outputs honest, long nowNanos, Emitter out) {
        // a crashed server sends nothing
    }
}
