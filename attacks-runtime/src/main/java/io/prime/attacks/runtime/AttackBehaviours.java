package io.prime.attacks.runtime;

import io.prime.attacks.Behaviours;
import io.prime.runtime.behaviour.BehaviourProvider;
import io.prime.runtime.behaviour.ReplicaBehaviour;

import java.util.ArrayList;
import java.util.List;

/**
 * The attacks module's registry as replica behaviours ({@code prime replica --behaviour NAME}, {@code prime cluster
 * --behaviour I=NAME}): every registered name, and names joined with {@code +} to run several on one replica. Found by
 * the runtime with {@link java.util.ServiceLoader} (META-INF/services/io.prime.runtime.behaviour.BehaviourProvider).
 */
public final class AttackBehaviours implements BehaviourProvider {
    @Override
    public List<ReplicaBehaviour> behaviours() {
        List<ReplicaBehaviour> out = new ArrayList<>();
        for (String name : Behaviours.names()) {
            out.add(new AttackBehaviour(List.of(Behaviours.get(name))));
        }
        return out;
    }

    @Override
    public ReplicaBehaviour find(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return AttackBehaviour.parse(name);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
