package dev.streamlearn.connectors.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlearn.connectors.records.Action;
import dev.streamlearn.connectors.records.ActiveMetricsRecord;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.LabelRequest;
import dev.streamlearn.connectors.records.MetricsRecord;
import dev.streamlearn.connectors.records.ModelSnapshot;
import dev.streamlearn.connectors.records.Observation;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.records.Score;
import dev.streamlearn.connectors.records.TppEvent;
import dev.streamlearn.connectors.records.TppMetrics;
import dev.streamlearn.connectors.records.TppScore;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Writes Streamlearn's output records as the JSON documented in the README. */
public final class RecordJson {
    private RecordJson() {}

    /**
     * {@code {"stream":"s1","id":"42","ts":...,"y":"UP","proba":{"UP":0.8,"DOWN":0.2},
     * "model":"driftmoe","version":17}}
     */
    public static byte[] prediction(Prediction p) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("stream", p.stream()).put("id", p.id()).put("ts", p.ts()).put("y", p.y());
        ObjectNode proba = o.putObject("proba");
        for (int i = 0; i < p.classes().length; i++) {
            proba.put(p.classes()[i], p.proba()[i]);
        }
        o.put("model", p.model()).put("version", p.version());
        return Json.bytes(o);
    }

    /** Periodic figures of one model. */
    public static byte[] metrics(MetricsRecord m) {
        return Json.bytes(metricsNode(m));
    }

    private static ObjectNode metricsNode(MetricsRecord m) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("stream", m.stream())
                .put("model", m.model())
                .put("ts", m.ts())
                .put("instances", m.instances())
                .put("labelled", m.labelled())
                .put("accuracy", m.accuracy())
                .put("window_accuracy", m.windowAccuracy())
                .put("kappa", m.kappa())
                .put("kappa_m", m.kappaM())
                .put("kappa_temporal", m.kappaTemporal());
        return o;
    }

    /**
     * {@code {"stream":"s1","id":"42","ts":...,"deadline":...,"proba":{"UP":0.6,"DOWN":0.4},
     * "utility":0.4,"model":"active-variable-uncertainty","version":17}}: a label request, answered
     * by a label record ({@link #label}) with the same stream and id.
     */
    public static byte[] labelRequest(LabelRequest r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("stream", r.stream())
                .put("id", r.id())
                .put("ts", r.ts())
                .put("deadline", r.deadline());
        ObjectNode proba = o.putObject("proba");
        for (int i = 0; i < r.classes().length; i++) {
            proba.put(r.classes()[i], r.proba()[i]);
        }
        o.put("utility", r.utility()).put("model", r.model()).put("version", r.version());
        return Json.bytes(o);
    }

    /**
     * The fields of {@link #metrics} and {@code "budget","spent_ratio","labels_requested",
     * "labels_received","labels_expired","labels_late","labels_duplicate","labels_unknown",
     * "labels_awaiting"}, and from the learner's first full window on {@code "window_majority",
     * "at_or_below_majority","drifts_detected"} (see {@link ActiveMetricsRecord.Health}).
     */
    public static byte[] activeMetrics(ActiveMetricsRecord a) {
        ObjectNode o = metricsNode(a.prequential());
        o.put("budget", a.budget())
                .put("spent_ratio", a.spentRatio())
                .put("labels_requested", a.requested())
                .put("labels_received", a.received())
                .put("labels_expired", a.expired())
                .put("labels_late", a.late())
                .put("labels_duplicate", a.duplicate())
                .put("labels_unknown", a.unknown())
                .put("labels_awaiting", a.awaiting());
        if (a.health() != null) {
            o.put("window_majority", a.health().windowMajority())
                    .put("at_or_below_majority", a.health().atOrBelowMajority())
                    .put("drifts_detected", a.health().driftsDetected());
        }
        return Json.bytes(o);
    }

    /** Dead letters keep at most this much of the bad record, so that they always fit in Kafka. */
    public static final int DEAD_LETTER_MAX_RAW_BYTES = 256 * 1024;

    /**
     * {@code {"topic":..,"partition":..,"offset":..,"timestamp":..,"error":"..","size":..,
     * "raw":".."}}: {@code raw} is the record as text when it is valid UTF-8, otherwise {@code
     * raw_base64} holds the exact bytes. A record over {@link #DEAD_LETTER_MAX_RAW_BYTES} is cut
     * there ({@code "truncated":true}) and its {@code sha256} is given; topic, partition and offset
     * locate the whole record on the source topic.
     */
    public static byte[] deadLetter(DeadLetter d) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("topic", d.topic())
                .put("partition", d.partition())
                .put("offset", d.offset())
                .put("timestamp", d.timestamp())
                .put("error", d.error())
                .put("size", d.value().length);
        byte[] kept = d.value();
        if (kept.length > DEAD_LETTER_MAX_RAW_BYTES) {
            kept = Arrays.copyOf(kept, DEAD_LETTER_MAX_RAW_BYTES);
            o.put("truncated", true).put("sha256", sha256(d.value()));
        }
        String text = utf8OrNull(d.value());
        if (text != null) {
            o.put("raw", kept == d.value() ? text : new String(kept, StandardCharsets.UTF_8));
        } else {
            o.put("raw_base64", Base64.getEncoder().encodeToString(kept));
        }
        return Json.bytes(o);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** An instance record from attribute values already in their JSON form (numbers, strings). */
    public static byte[] instance(String stream, String id, long ts, List<Object> x, String y) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("stream", stream).put("id", id).put("ts", ts);
        ArrayNode xs = o.putArray("x");
        for (Object v : x) {
            if (v instanceof Number n) {
                xs.add(n.doubleValue());
            } else {
                xs.add(String.valueOf(v));
            }
        }
        if (y != null) {
            o.put("y", y);
        }
        return Json.bytes(o);
    }

    /** A label record, {@code {"stream":"s1","id":"42","y":"UP"}}, as {@link LabelParser} reads. */
    public static byte[] label(String stream, String id, String y) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("stream", stream).put("id", id).put("y", y);
        return Json.bytes(o);
    }

    /**
     * {@code {"agent":"a1","episode":3,"step":17,"obs":[...],"reward":1.0,"terminated":false,
     * "truncated":false}}, as {@link ObservationParser} reads it.
     */
    public static byte[] observation(Observation o) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("agent", o.agent()).put("episode", o.episode()).put("step", o.step());
        ArrayNode obs = n.putArray("obs");
        for (double v : o.obs()) {
            obs.add(v);
        }
        n.put("reward", o.reward())
                .put("terminated", o.terminated())
                .put("truncated", o.truncated());
        return Json.bytes(n);
    }

    /** A model's output for one feature row. */
    public static byte[] score(Score s) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", s.id());
        ArrayNode outputs = n.putArray("outputs");
        for (float v : s.outputs()) {
            outputs.add(v);
        }
        n.put("model", s.model());
        return Json.bytes(n);
    }

    /** A feature row, as {@code streamlearn run score} reads it. */
    public static byte[] featureRow(String id, float[] features) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", id);
        ArrayNode values = n.putArray("features");
        for (float v : features) {
            values.add(v);
        }
        return Json.bytes(n);
    }

    /**
     * {@code {"agent":"a1","episode":3,"step":17,"action":1}}, or {@code "action":[0.4]} for a
     * continuous action, as {@link ActionParser} reads it.
     */
    public static byte[] action(Action a) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("agent", a.agent()).put("episode", a.episode()).put("step", a.step());
        if (a.isContinuous()) {
            ArrayNode values = n.putArray("action");
            for (double v : a.continuous()) {
                values.add(v);
            }
        } else {
            n.put("action", a.discrete());
        }
        return Json.bytes(n);
    }

    /**
     * {@code {"entity":"u1","ts":1732600000000,"type":"click"}}, with {@code "truth_ll"} when the
     * event carries the true log-likelihood, as {@link TppEventParser} reads it.
     */
    public static byte[] tppEvent(TppEvent e, List<String> types) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("entity", e.entity()).put("ts", e.ts()).put("type", types.get(e.type()));
        if (e.hasTruth()) {
            n.put("truth_ll", e.truthLogLikelihood());
        }
        return Json.bytes(n);
    }

    /**
     * The score of one event: {@code {"entity","ts","type","ll","event_ll","compensator",
     * "next_ts","next_type":{type: probability},"version"}}, the likelihood fields only for a
     * scored event, {@code "truth_ll"} when the input had it.
     */
    public static byte[] tppScore(TppScore s, List<String> types) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("entity", s.entity()).put("ts", s.ts()).put("type", s.type());
        if (s.scored()) {
            n.put("ll", s.logLikelihood())
                    .put("event_ll", s.eventLogIntensity())
                    .put("compensator", s.compensator());
        }
        if (!Double.isNaN(s.truthLogLikelihood())) {
            n.put("truth_ll", s.truthLogLikelihood());
        }
        n.put("next_ts", s.nextTs());
        ObjectNode next = n.putObject("next_type");
        for (int k = 0; k < types.size(); k++) {
            next.put(types.get(k), s.nextTypes()[k]);
        }
        n.put("version", s.version());
        return Json.bytes(n);
    }

    /** The figures of one event-time window of scores; NaN figures are written as null. */
    public static byte[] tppMetrics(TppMetrics m) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("window_start", m.windowStart())
                .put("window_end", m.windowEnd())
                .put("events", m.events())
                .put("scored", m.scored());
        finiteOrNull(n, "nll_per_event", m.nllPerEvent());
        finiteOrNull(n, "truth_nll_per_event", m.truthNllPerEvent());
        finiteOrNull(n, "gap_to_truth", m.gapToTruth());
        finiteOrNull(n, "rmse", m.rmse());
        finiteOrNull(n, "type_error", m.typeError());
        n.put("min_version", m.minVersion()).put("max_version", m.maxVersion());
        return Json.bytes(n);
    }

    private static void finiteOrNull(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    /**
     * A model version: {@code {"model":"tpp","version":3,"window_end":...,"events":...,
     * "codec":"neural-tpp","bytes":"<base64 codec envelope>"}}, as {@link ModelSnapshotParser}
     * reads it.
     */
    public static byte[] modelSnapshot(ModelSnapshot s) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("model", s.model())
                .put("version", s.version())
                .put("window_end", s.windowEnd())
                .put("events", s.events())
                .put("codec", s.codec())
                .put("bytes", Base64.getEncoder().encodeToString(s.bytes()));
        return Json.bytes(n);
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
