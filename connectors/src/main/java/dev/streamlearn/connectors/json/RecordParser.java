package dev.streamlearn.connectors.json;

import dev.streamlearn.connectors.records.RawRecord;
import java.io.Serializable;

/**
 * Turns the bytes of one Kafka record into a typed record, or says why it cannot.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface RecordParser<T> extends Serializable {

    /**
     * Parses and validates {@code raw}.
     *
     * @throws BadRecordException with a reason that says what was wrong and how to fix it
     */
    T parse(RawRecord raw) throws BadRecordException;
}
