package dev.streamlearn.operators;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The algorithm cores are plain Java: only the Flink adapters ({@code *Function}, {@code
 * *Operator}) may touch Flink, directly or through the Flink side of the state module.
 */
@AnalyzeClasses(
        packages = "dev.streamlearn.operators",
        importOptions = ImportOption.DoNotIncludeTests.class)
class CoresAreFlinkFreeTest {

    @ArchTest
    static final ArchRule coresDoNotUseFlink =
            noClasses()
                    .that()
                    .haveSimpleNameNotEndingWith("Function")
                    .and()
                    .haveSimpleNameNotEndingWith("Operator")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "org.apache.flink..",
                            "dev.streamlearn.state.keyed..",
                            "dev.streamlearn.state.runtime..",
                            "dev.streamlearn.state.savepoint..",
                            "dev.streamlearn.connectors.kafka..")
                    .because("algorithm cores must be testable and benchmarkable without Flink");

    /**
     * The active-learning core by name, failing when the package holds no core classes, so that a
     * move or rename cannot take it out of the rule above unnoticed.
     */
    @ArchTest
    static final ArchRule activeLearningCoreIsFlinkFree =
            noClasses()
                    .that()
                    .resideInAPackage("dev.streamlearn.operators.active..")
                    .and()
                    .haveSimpleNameNotEndingWith("Function")
                    .and()
                    .haveSimpleNameNotEndingWith("Operator")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "org.apache.flink..",
                            "dev.streamlearn.state.keyed..",
                            "dev.streamlearn.state.runtime..",
                            "dev.streamlearn.state.savepoint..",
                            "dev.streamlearn.connectors.kafka..")
                    .allowEmptyShould(false)
                    .because(
                            "query strategies, budget managers and the active learner are plain"
                                    + " Java");

    @ArchTest
    static final ArchRule coresDoNotUseTheFlinkSerializers =
            noClasses()
                    .that()
                    .haveSimpleNameNotEndingWith("Function")
                    .and()
                    .haveSimpleNameNotEndingWith("Operator")
                    .should()
                    .dependOnClassesThat()
                    .haveSimpleNameStartingWith("ModelTypeSerializer")
                    .because("codecs are plain Java; only the state module adapts them to Flink");
}
