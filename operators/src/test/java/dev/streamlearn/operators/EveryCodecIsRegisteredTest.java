package dev.streamlearn.operators;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.streamlearn.state.codec.MoaLearnerCodec;
import dev.streamlearn.state.codec.ModelCodec;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The registry is complete: every codec class of this module has a codec registered in {@link
 * ModelCodecs#ALL}, so that each stateful part is written and read through it under its type tag,
 * and the MOA learner codecs (one class for many learner types) are made only there, so that every
 * MOA codec in use is a registered one.
 */
@AnalyzeClasses(
        packages = "dev.streamlearn.operators",
        importOptions = ImportOption.DoNotIncludeTests.class)
class EveryCodecIsRegisteredTest {

    private static final Set<String> REGISTERED =
            ModelCodecs.ALL.codecs().stream()
                    .map(c -> c.getClass().getName())
                    .collect(Collectors.toUnmodifiableSet());

    private static final ArchCondition<JavaClass> BE_REGISTERED =
            new ArchCondition<>("have a codec registered in ModelCodecs.ALL") {
                @Override
                public void check(JavaClass codec, ConditionEvents events) {
                    boolean registered = REGISTERED.contains(codec.getName());
                    events.add(
                            new SimpleConditionEvent(
                                    codec,
                                    registered,
                                    codec.getName()
                                            + (registered ? " is" : " is not")
                                            + " registered in ModelCodecs.ALL"));
                }
            };

    @ArchTest
    static final ArchRule everyCodecIsRegistered =
            classes()
                    .that()
                    .implement(ModelCodec.class)
                    .and()
                    .doNotHaveModifier(JavaModifier.ABSTRACT)
                    .should(BE_REGISTERED)
                    .allowEmptyShould(false)
                    .because(
                            "every stateful part is written and read through the registry, under"
                                    + " its type tag");

    @ArchTest
    static final ArchRule onlyTheRegistryMakesMoaCodecs =
            noClasses()
                    .that()
                    .doNotHaveFullyQualifiedName(ModelCodecs.class.getName())
                    .should()
                    .callConstructor(MoaLearnerCodec.class, Class.class)
                    .orShould()
                    .callConstructor(MoaLearnerCodec.class, String.class)
                    .because(
                            "a MOA learner's codec is the one registered for its class: its owner"
                                    + " writes it through ModelCodecs.ALL");
}
