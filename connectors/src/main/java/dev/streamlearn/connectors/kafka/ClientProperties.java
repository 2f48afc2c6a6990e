package dev.streamlearn.connectors.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Kafka client properties that every source, sink, producer, consumer and admin client of a job or
 * command gets: security ({@code security.protocol}, {@code sasl.mechanism}, {@code
 * sasl.jaas.config}, {@code ssl.*}) and tuning, read from a file as Kafka's own tools take {@code
 * --command-config}. The properties Streamlearn sets itself for its guarantees (bootstrap servers,
 * groups, isolation, transactions, serializers) are refused with the option that sets them. Secrets
 * never show: {@link #toString()} masks every value whose name says password, secret, key or jaas.
 *
 * <pre>{@code
 * ClientProperties secured = ClientProperties.load(Path.of("client.properties"));
 * secured.check("broker:9093", Duration.ofSeconds(15)); // wrong credentials fail here, clearly
 * KafkaSources.rawBuilder(...).setProperties(secured.withBootstrap("broker:9093"));
 * }</pre>
 */
public final class ClientProperties implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No extra properties: a plaintext Kafka without authentication. */
    public static final ClientProperties NONE = new ClientProperties(Map.of());

    /** Set by Streamlearn for its guarantees, each with the option that sets it instead. */
    private static final Map<String, String> OWN =
            Map.ofEntries(
                    Map.entry("bootstrap.servers", "--bootstrap-servers"),
                    Map.entry("group.id", "--job-name"),
                    Map.entry("transactional.id", "--job-name"),
                    Map.entry("isolation.level", "nothing: sources read read_committed"),
                    Map.entry("transaction.timeout.ms", "--transaction-timeout"),
                    Map.entry("enable.idempotence", "nothing: exactly-once sinks need it"),
                    Map.entry("enable.auto.commit", "nothing: offsets live in checkpoints"),
                    Map.entry("key.serializer", "nothing: records are JSON bytes"),
                    Map.entry("value.serializer", "nothing: records are JSON bytes"),
                    Map.entry("key.deserializer", "nothing: records are JSON bytes"),
                    Map.entry("value.deserializer", "nothing: records are JSON bytes"));

    private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "key", "jaas");
    private static final Pattern JAAS_PASSWORD = Pattern.compile("password\\s*=\\s*\"([^\"]*)\"");

    private final Map<String, String> values;

    private ClientProperties(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** These properties, checked: none that Streamlearn sets itself. */
    public static ClientProperties of(Map<String, String> values) {
        for (String name : values.keySet()) {
            String instead = OWN.get(name.trim().toLowerCase(Locale.ROOT));
            if (instead != null) {
                throw new IllegalArgumentException(
                        String.format(
                                "Kafka property '%s' is set by Streamlearn; remove it from the"
                                        + " client properties (set instead by %s)",
                                name, instead));
            }
        }
        return new ClientProperties(values);
    }

    /** Reads a Java properties file ({@code name=value} lines), as {@code --kafka-config} names. */
    public static ClientProperties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(
                    "--kafka-config "
                            + file
                            + ": no such file; give a Kafka client properties file"
                            + " (security.protocol=SASL_SSL, sasl.mechanism=..., sasl.jaas.config=...)");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--kafka-config " + file + ": cannot read it as a properties file: " + e, e);
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
        try {
            return of(m);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--kafka-config " + file + ": " + e.getMessage());
        }
    }

    public Map<String, String> values() {
        return values;
    }

    /** These properties and the bootstrap servers, for a Kafka client. */
    public Properties withBootstrap(String bootstrapServers) {
        Properties p = new Properties();
        p.putAll(values);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /**
     * Connects to the cluster with these properties and fails at once, with what to fix, when it
     * cannot: wrong credentials, an unknown mechanism, an unreachable broker. A job started with
     * wrong credentials would otherwise restart until its attempts run out.
     */
    public void check(String bootstrapServers, Duration timeout) {
        Properties p = withBootstrap(bootstrapServers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .clusterId()
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw refused(bootstrapServers, e.getCause());
        } catch (TimeoutException e) {
            throw refused(bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to Kafka", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw refused(bootstrapServers, e);
        }
    }

    private IllegalStateException refused(String bootstrapServers, Throwable cause) {
        String why =
                cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        for (String secret : secrets()) {
            why = why.replace(secret, "[hidden]");
        }
        String fix =
                values.isEmpty()
                        ? "check --bootstrap-servers, or give the cluster's client properties"
                                + " with --kafka-config"
                        : "check --bootstrap-servers and the credentials in --kafka-config ("
                                + this
                                + ")";
        return new IllegalStateException(
                String.format(
                        "cannot use Kafka at %s: %s; %s", bootstrapServers, why.strip(), fix));
    }

    /** The properties with every secret masked. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        values.forEach(
                (k, v) -> {
                    if (sb.length() > 1) {
                        sb.append(", ");
                    }
                    sb.append(k).append('=').append(isSecret(k) ? "[hidden]" : v);
                });
        return sb.append('}').toString();
    }

    /** The secret values, and the passwords inside a JAAS configuration. */
    private Set<String> secrets() {
        Set<String> out = new java.util.HashSet<>();
        values.forEach(
                (k, v) -> {
                    if (isSecret(k) && !v.isEmpty()) {
                        out.add(v);
                        Matcher m = JAAS_PASSWORD.matcher(v);
                        while (m.find()) {
                            out.add(m.group(1));
                        }
                    }
                });
        out.remove("");
        return out;
    }

    private static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(n::contains);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientProperties c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
