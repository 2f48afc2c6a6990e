package dev.streamlearn.jobs.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The input a frozen case feeds after its savepoint, in two halves of phases: one for a restore at
 * one parallelism, the other for a restore at another. A case with one phase after its savepoint
 * has it split in two at a bad record near its middle, because a phase must end with a bad record
 * on each topic it writes ({@link CaseRun#feed} waits for its dead letter).
 */
final class RescaledPhases {
    private RescaledPhases() {}

    /**
     * @param input every record of the case, in the order fed
     * @param expected the outputs frozen with it, whose dead letters with an offset mark the bad
     *     records (a dead letter of a record that did not parse names its topic and offset)
     */
    static List<List<List<InputRecord>>> halves(List<InputRecord> input, List<JsonNode> expected) {
        List<List<InputRecord>> phases = new ArrayList<>();
        String current = null;
        for (InputRecord r : input) {
            if (r.beforeSavepoint()) {
                continue;
            }
            if (!r.phase().equals(current)) {
                phases.add(new ArrayList<>());
                current = r.phase();
            }
            phases.get(phases.size() - 1).add(r);
        }
        if (phases.size() == 1) {
            phases = splitAtABadRecord(phases.get(0), badRecords(input, expected));
        }
        int firstHalf = (phases.size() + 1) / 2;
        return List.of(phases.subList(0, firstHalf), phases.subList(firstHalf, phases.size()));
    }

    /** The records of {@code input} that have a dead letter with their topic and offset. */
    private static Set<InputRecord> badRecords(List<InputRecord> input, List<JsonNode> expected) {
        Set<String> dead = new HashSet<>();
        for (JsonNode line : expected) {
            JsonNode v = line.path("value");
            if (v.has("error") && v.path("offset").asLong(-1) >= 0) {
                dead.add(v.path("topic").asText() + "@" + v.path("offset").asLong());
            }
        }
        Map<String, Long> offsets = new HashMap<>();
        Set<InputRecord> bad = new HashSet<>();
        for (InputRecord r : input) {
            long offset = offsets.merge(r.topic(), 1L, Long::sum) - 1;
            if (dead.contains(r.topic() + "@" + offset)) {
                bad.add(r);
            }
        }
        return bad;
    }

    /**
     * Two phases, split after the record nearest the middle whose prefix ends with a bad record on
     * every topic it holds.
     */
    private static List<List<InputRecord>> splitAtABadRecord(
            List<InputRecord> phase, Set<InputRecord> bad) {
        int best = -1;
        for (int i = 0; i < phase.size() - 1; i++) {
            if (endsBadOnEveryTopic(phase.subList(0, i + 1), bad)
                    && (best < 0
                            || Math.abs(i - phase.size() / 2)
                                    < Math.abs(best - phase.size() / 2))) {
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalStateException(
                    "phase "
                            + phase.get(0).phase()
                            + " has no bad record to split at before its last record");
        }
        return List.of(phase.subList(0, best + 1), phase.subList(best + 1, phase.size()));
    }

    private static boolean endsBadOnEveryTopic(List<InputRecord> prefix, Set<InputRecord> bad) {
        Map<String, InputRecord> last = new HashMap<>();
        prefix.forEach(r -> last.put(r.topic(), r));
        return last.values().stream().allMatch(bad::contains);
    }
}
