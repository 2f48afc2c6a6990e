package dev.streamlearn.operators;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The algorithm cores are plain Java, by package: each core package may not touch Flink, Kafka, DJL
 * or the Flink side of the state module, and each rule fails when its package holds no class, so
 * that a move or a rename cannot take a package out of its rule unnoticed. An operator's Flink
 * adapters live in its {@code flink} subpackage, the one place in this module that imports Flink.
 * The one exception to the DJL ban is {@code tpp.neural}, whose model is itself a DJL network.
 */
@AnalyzeClasses(
        packages = "dev.streamlearn.operators",
        importOptions = ImportOption.DoNotIncludeTests.class)
class CoresAreFlinkFreeTest {

    /** What a core may not depend on. */
    private static final String[] OUTSIDE_A_CORE = {
        "org.apache.flink..",
        "org.apache.kafka..",
        "ai.djl..",
        "dev.streamlearn.state.keyed..",
        "dev.streamlearn.state.runtime..",
        "dev.streamlearn.state.savepoint..",
        "dev.streamlearn.connectors.kafka.."
    };

    private static ArchRule core(String name, String why) {
        String pkg = "dev.streamlearn.operators." + name;
        return noClasses()
                .that()
                .resideInAPackage(pkg + "..")
                .and()
                .resideOutsideOfPackage(pkg + ".flink..")
                .and()
                .resideOutsideOfPackage(pkg + ".neural..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(OUTSIDE_A_CORE)
                .allowEmptyShould(false)
                .because(why + " are plain Java, testable and benchmarkable without Flink");
    }

    @ArchTest
    static final ArchRule driftMoe = core("driftmoe", "the mixture of experts and its router");

    @ArchTest
    static final ArchRule active =
            core("active", "query strategies, budget managers and the active learner");

    @ArchTest static final ArchRule rl = core("rl", "the stream-x agents and the environments");

    @ArchTest static final ArchRule nn = core("nn", "the networks and optimisers");

    @ArchTest static final ArchRule eval = core("eval", "the prequential metrics");

    @ArchTest static final ArchRule labels = core("labels", "delayed labels and label requests");

    @ArchTest static final ArchRule moa = core("moa", "the MOA learner wrappers");

    @ArchTest
    static final ArchRule baseline = core("baseline", "the prequential learner and its codec");

    @ArchTest static final ArchRule learner = core("learner", "the learner interfaces");

    @ArchTest static final ArchRule streams = core("streams", "the labelled streams");

    @ArchTest
    static final ArchRule tpp =
            core("tpp", "the point-process conventions and the Hawkes ground truth");

    /**
     * The neural point process is itself a DJL network: DJL is allowed there, Flink and Kafka not.
     */
    @ArchTest
    static final ArchRule tppNeural =
            noClasses()
                    .that()
                    .resideInAPackage("dev.streamlearn.operators.tpp.neural..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            java.util.Arrays.stream(OUTSIDE_A_CORE)
                                    .filter(p -> !p.startsWith("ai.djl"))
                                    .toArray(String[]::new))
                    .allowEmptyShould(false)
                    .because(
                            "the neural point process is plain Java and DJL, trainable without Flink");

    /** Every package outside the adapters, listed above or not (a new core package too). */
    @ArchTest
    static final ArchRule everyCoreIsPlainJava =
            noClasses()
                    .that()
                    .resideOutsideOfPackage("..flink..")
                    .and()
                    .resideOutsideOfPackage("dev.streamlearn.operators.tpp.neural..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(OUTSIDE_A_CORE)
                    .allowEmptyShould(false)
                    .because("only an operator's flink subpackage may touch Flink, Kafka or DJL");

    @ArchTest
    static final ArchRule flinkOnlyInTheAdapters =
            noClasses()
                    .that()
                    .resideOutsideOfPackage("..flink..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("org.apache.flink..")
                    .because("an operator's Flink adapters live in its flink subpackage");

    @ArchTest
    static final ArchRule adaptersAreNamedForTheirRole =
            classes()
                    .that()
                    .resideInAPackage("..flink..")
                    .and()
                    .areTopLevelClasses()
                    .should()
                    .haveSimpleNameEndingWith("Function")
                    .orShould()
                    .haveSimpleNameEndingWith("Operator")
                    .allowEmptyShould(false)
                    .because(
                            "a flink subpackage holds adapters only: process functions, operators");

    @ArchTest
    static final ArchRule coresDoNotUseTheFlinkSerializers =
            noClasses()
                    .that()
                    .resideOutsideOfPackage("..flink..")
                    .should()
                    .dependOnClassesThat()
                    .haveSimpleNameStartingWith("ModelTypeSerializer")
                    .because("codecs are plain Java; only the state module adapts them to Flink");
}
