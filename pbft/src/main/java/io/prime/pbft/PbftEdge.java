package io.prime.pbft;

import io.prime.core.codec.Frame;
import io.prime.core.edge.InboundVerifier;
import io.prime.core.edge.Verdict;
import io.prime.core.message.ClientUpdate;
import io.prime.pbft.message.CommitCertificate;
import io.prime.pbft.message.NewView;
import io.prime.pbft.message.PbftMessages;
import io.prime.pbft.message.Request;
import io.prime.pbft.message.ViewChange;

import java.util.List;

/**
 * The PBFT baseline's edge checks: every signature nested in a message (client updates in a REQUEST or a commit
 * certificate; CHECKPOINT, PRE-PREPARE and PREPARE frames in a VIEW-CHANGE; VIEW-CHANGE and PRE-PREPARE frames in a
 * NEW-VIEW; COMMIT frames in a certificate) is checked before the message enters the core, as for Prime.
 */
public final class PbftEdge {
    private PbftEdge() {
    }

    /** Registers the nested checks on a verifier built with a codec over {@link PbftMessages#registry()}. */
    public static InboundVerifier configure(InboundVerifier verifier) {
        return verifier
                .withNested(PbftMessages.REQUEST.id(), (f, v) -> updates(((Request) f.message()).updates(), v))
                .withNested(PbftMessages.VIEW_CHANGE.id(), (f, v) -> frames(((ViewChange) f.message()).nestedFrames(), v))
                .withNested(PbftMessages.NEW_VIEW.id(), (f, v) -> frames(((NewView) f.message()).nestedFrames(), v))
                .withNested(PbftMessages.COMMIT_CERTIFICATE.id(), (f, v) -> {
                    CommitCertificate c = (CommitCertificate) f.message();
                    Verdict bad = frames(c.commits(), v);
                    return bad != null ? bad : updates(c.updates(), v);
                });
    }

    private static Verdict updates(List<ClientUpdate> updates, InboundVerifier v) {
        for (ClientUpdate u : updates) {
            Verdict bad = v.verifyClientUpdate(u);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private static Verdict frames(List<Frame> frames, InboundVerifier v) {
        for (Frame f : frames) {
            Verdict verdict = v.verify(f);
            if (!verdict.accepted()) {
                return verdict;
            }
        }
        return null;
    }
}
