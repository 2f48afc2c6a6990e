package dev.streamlearn.jobs.migration;

import java.util.List;

/** The frozen cases: the jobs whose savepoints every later release must still restore. */
final class FrozenCases {
    private FrozenCases() {}

    /** The resources' folder of the frozen savepoints, relative to the jobs module. */
    static final String RESOURCE_FOLDER = "savepoints";

    /** Folder names of each case. */
    static final String SAVEPOINT = "savepoint";

    static final String INPUT = "input.jsonl";
    static final String EXPECTED = "expected-after-restore.jsonl";
    static final String README = "README.md";

    static List<FrozenCase> all() {
        return List.of(
                PrequentialCase.driftMoe(),
                PrequentialCase.hoeffdingTree(),
                new ActiveCase(),
                new RlCase());
    }

    static FrozenCase named(String name) {
        return all().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "no frozen case is called '"
                                                + name
                                                + "'; the cases are "
                                                + all().stream().map(FrozenCase::name).toList()));
    }
}
