package dev.streamlearn.jobs.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The folder where a local job keeps its state: retained checkpoints ({@code checkpoints/<job
 * id>/chk-N}), the savepoints its stops take ({@code savepoints/savepoint-...}), and {@code
 * job-options.properties}, the options that shaped the models in them (the job name, the learner,
 * the schema...). A new start of the same command restores the newest snapshot; a start with other
 * such options is refused instead of silently mixing or dropping models.
 */
final class StateFolder {
    static final String OPTIONS_FILE = "job-options.properties";

    /** How a run command starts new models instead of resuming. */
    static final String FRESH = "add --fresh to start new models (the old state is moved aside)";

    private static final String METADATA = "_metadata";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path root;
    private final Path checkpoints;

    StateFolder(Path root, Path checkpoints) {
        this.root = root.toAbsolutePath();
        this.checkpoints = checkpoints.toAbsolutePath();
    }

    Path savepoints() {
        return root.resolve("savepoints");
    }

    /**
     * The newest completed snapshot here (a folder holding {@code _metadata}): a retained
     * checkpoint of any earlier run, or a savepoint of a stop. An interrupted checkpoint has no
     * {@code _metadata} and is passed over.
     */
    Optional<Path> newestSnapshot() {
        List<Path> found = new ArrayList<>();
        found.addAll(snapshotsUnder(checkpoints, 2));
        found.addAll(snapshotsUnder(savepoints(), 1));
        return found.stream().max(Comparator.comparing(StateFolder::written));
    }

    /**
     * Refuses to restore a snapshot written under other state-shaping options than {@code now}, if
     * the snapshot's folder (or one above it, up to three levels) says which it was written under.
     * The error names the options that differ and, in {@code startNew}, how to start new models.
     */
    static void checkOptions(
            Path snapshot, Map<String, String> now, String cause, String startNew) {
        Optional<Map<String, String>> then = optionsAbove(snapshot);
        if (then.isEmpty() || then.get().equals(now)) {
            return;
        }
        StringBuilder diff = new StringBuilder();
        for (String key : union(then.get(), now)) {
            String was = then.get().get(key);
            String is = now.get(key);
            if (was == null ? is != null : !was.equals(is)) {
                diff.append(String.format("%n  %s: was %s, now %s", key, was, is));
            }
        }
        throw new IllegalArgumentException(
                String.format(
                        "%s %s holds models made under other options:%s%nIts models cannot"
                                + " continue under these. Run with the same options to continue"
                                + " them, %s, or use another --out folder.",
                        cause, snapshot, diff, startNew));
    }

    /**
     * Moves the snapshots here aside ({@code checkpoints-before-<time>}, {@code
     * savepoints-before-<time>}), so that a fresh start can never be resumed into the old models;
     * says where they went.
     */
    void setAside() {
        String suffix = "-before-" + LocalDateTime.now().format(STAMP);
        for (Path dir : List.of(checkpoints, savepoints())) {
            if (Files.isDirectory(dir)) {
                Path aside = dir.resolveSibling(dir.getFileName() + suffix);
                try {
                    Files.move(dir, aside);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot move " + dir + " aside", e);
                }
                System.err.printf("--fresh: the earlier state is kept in %s%n", aside);
            }
        }
    }

    /** Records the options that shape this run's models, for the next start to check. */
    void writeOptions(Map<String, String> options) {
        Properties p = new Properties();
        p.putAll(options);
        try {
            Files.createDirectories(root);
            try (Writer w = Files.newBufferedWriter(root.resolve(OPTIONS_FILE))) {
                p.store(w, "the options that shaped the models of this state folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve(OPTIONS_FILE), e);
        }
    }

    /**
     * A snapshot a user names: a savepoint or retained checkpoint folder, or its {@code _metadata}
     * file.
     */
    static Path userSnapshot(Path given) {
        Path p = given.toAbsolutePath();
        if (Files.isRegularFile(p) && p.getFileName().toString().equals(METADATA)) {
            return p.getParent();
        }
        if (Files.isRegularFile(p.resolve(METADATA))) {
            return p;
        }
        throw new IllegalArgumentException(
                "--from-savepoint "
                        + given
                        + ": no "
                        + METADATA
                        + " there; give a savepoint folder (savepoint-...) or a retained"
                        + " checkpoint folder (chk-N), as 'streamlearn inspect' takes");
    }

    private static Optional<Map<String, String>> optionsAbove(Path snapshot) {
        Path dir = snapshot;
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            Path file = dir.resolve(OPTIONS_FILE);
            if (Files.isRegularFile(file)) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(file)) {
                    p.load(r);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
                Map<String, String> m = new TreeMap<>();
                p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        TreeMap<String, String> all = new TreeMap<>(a);
        all.putAll(b);
        return new ArrayList<>(all.keySet());
    }

    private static List<Path> snapshotsUnder(Path dir, int depth) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.find(dir, depth, (p, a) -> a.isDirectory())) {
            return s.filter(p -> Files.isRegularFile(p.resolve(METADATA))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static FileTime written(Path snapshot) {
        try {
            return Files.getLastModifiedTime(snapshot.resolve(METADATA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
