package dev.streamlearn.gpu;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The inference core (predictor, device choice, micro-batching) is plain Java and DJL; only its
 * {@code flink} subpackage adapts it to Flink.
 */
@AnalyzeClasses(
        packages = "dev.streamlearn.gpu",
        importOptions = ImportOption.DoNotIncludeTests.class)
class CoreIsFlinkFreeTest {

    @ArchTest
    static final ArchRule coreIsFlinkFree =
            noClasses()
                    .that()
                    .resideInAPackage("dev.streamlearn.gpu..")
                    .and()
                    .resideOutsideOfPackage("dev.streamlearn.gpu.flink..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("org.apache.flink..")
                    .allowEmptyShould(false)
                    .because(
                            "the inference core runs and is benchmarked without Flink (streamlearn"
                                    + " bench inference)");
}
