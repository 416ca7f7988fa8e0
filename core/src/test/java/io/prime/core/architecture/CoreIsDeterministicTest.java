package io.prime.core.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The build rule behind "the protocol core is deterministic and does no I/O": the core may not use threads, clocks,
 * sockets, files or unseeded randomness. Anyone who adds one fails this test, with the offending line named.
 */
class CoreIsDeterministicTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.prime.core");
    }

    @Test
    void noThreads() {
        ArchRule rule = noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ThreadLocal")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Runnable")
                .orShould().dependOnClassesThat().haveNameMatching("java\\.util\\.concurrent\\..*(Executor|Thread|Future|ForkJoin|Timer|Lock|Semaphore|Latch|Barrier|Phaser).*")
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent.locks..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Timer")
                .because("the core is single-threaded; hosts own threads");
        rule.check(core);
    }

    @Test
    void noClocks() {
        ArchRule rule = noClasses().should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.LocalDateTime")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.ZonedDateTime")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Date")
                .because("time is the nowNanos argument of step()");
        rule.check(core);
    }

    @Test
    void noSocketsOrFiles() {
        ArchRule rule = noClasses().should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.channels..",
                        "java.nio.file..", "java.rmi..", "javax.net..")
                .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.(File|RandomAccessFile|FileInputStream|FileOutputStream|FileReader|FileWriter|Console|PrintStream)")
                .orShould().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().accessField(System.class, "in")
                .because("the core answers with messages to send; hosts do the I/O");
        rule.check(core);
    }

    @Test
    void noUnseededRandomness() {
        ArchRule rule = noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.SecureRandom")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.SplittableRandom")
                .orShould().callMethod(Math.class, "random")
                .orShould().callMethod(java.util.UUID.class, "randomUUID")
                .because("a run must be determined by its inputs; randomness is passed in");
        rule.check(core);
    }

    @Test
    void noJavaSerialization() {
        ArchRule rule = noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectInputStream")
                .because("the wire format is our own canonical encoding");
        rule.check(core);
    }
}
