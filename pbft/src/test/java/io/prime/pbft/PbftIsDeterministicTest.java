package io.prime.pbft;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The same build rule as the Prime core's (CoreIsDeterministicTest): the PBFT replica, its messages and its attack
 * behaviours use no threads, clocks, sockets, files, unseeded randomness or Java serialization.
 */
class PbftIsDeterministicTest {
    private static JavaClasses pbft;

    @BeforeAll
    static void importPbft() {
        pbft = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.prime.pbft");
    }

    @Test
    void noThreads() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ThreadLocal")
                .orShould().dependOnClassesThat().haveNameMatching("java\\.util\\.concurrent\\..*(Executor|Thread|Future|ForkJoin|Timer|Lock|Semaphore|Latch|Barrier|Phaser).*")
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent.locks..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Timer")
                .because("the replica is single-threaded; hosts own threads").check(pbft);
    }

    @Test
    void noClocks() {
        noClasses().should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Date")
                .because("time is the nowNanos argument of step()").check(pbft);
    }

    @Test
    void noSocketsOrFiles() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.channels..", "java.nio.file..")
                .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.(File|RandomAccessFile|FileInputStream|FileOutputStream|FileReader|FileWriter|PrintStream)")
                .orShould().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .because("the replica answers with messages to send; hosts do the I/O").check(pbft);
    }

    @Test
    void noUnseededRandomnessOrSerialization() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.SecureRandom")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.SplittableRandom")
                .orShould().callMethod(Math.class, "random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectInputStream")
                .because("a run is determined by its inputs; the wire format is our own").check(pbft);
    }
}
