package dev.streamlearn.connectors.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.connectors.records.Action;
import dev.streamlearn.connectors.records.Observation;
import dev.streamlearn.connectors.records.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The RL loop's records: parsing with actionable errors, JSON round trips, Flink POJO types. */
class ObservationParserTest {
    private static final ObservationParser PARSER = new ObservationParser(4, "CartPole-v1");

    private static RawRecord raw(String json) {
        return new RawRecord("observations", 0, 7, 1000, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesAnObservationAndWritesItBack() throws Exception {
        Observation o =
                PARSER.parse(
                        raw(
                                "{\"agent\":\"a1\",\"episode\":3,\"step\":17,\"obs\":[0.1,-0.2,0.03,0.4],"
                                        + "\"reward\":1.0,\"terminated\":false,\"truncated\":true}"));
        assertThat(o.agent()).isEqualTo("a1");
        assertThat(o.episode()).isEqualTo(3);
        assertThat(o.step()).isEqualTo(17);
        assertThat(o.obs()).containsExactly(0.1, -0.2, 0.03, 0.4);
        assertThat(o.reward()).isEqualTo(1.0);
        assertThat(o.truncated()).isTrue();
        assertThat(o.done()).isTrue();

        Observation back = PARSER.parse(raw(Json.text(RecordJson.observation(o))));
        assertThat(back.obs()).containsExactly(o.obs());
        assertThat(back).usingRecursiveComparison().isEqualTo(o);
    }

    @Test
    void aResetNeedsNoRewardNorFlags() throws Exception {
        Observation o =
                PARSER.parse(raw("{\"agent\":7,\"episode\":0,\"step\":0,\"obs\":[1,2,3,4]}"));
        assertThat(o.agent()).isEqualTo("7");
        assertThat(o.reward()).isZero();
        assertThat(o.done()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"episode\":0,\"step\":0,\"obs\":[1,2,3,4]}|missing field \"agent\"",
                "{\"agent\":\"a\",\"step\":0,\"obs\":[1,2,3,4]}|missing field \"episode\" (an integer, 0 or more)",
                "{\"agent\":\"a\",\"episode\":-1,\"step\":0,\"obs\":[1,2,3,4]}|field \"episode\" must be an integer, 0 or more, got number -1",
                "{\"agent\":\"a\",\"episode\":0,\"step\":1.5,\"obs\":[1,2,3,4]}|field \"step\" must be an integer, 0 or more, got number 1.5",
                "{\"agent\":\"a\",\"episode\":0,\"step\":1,\"obs\":[1,2,3]}|obs has 3 values but CartPole-v1 observations have 4",
                "{\"agent\":\"a\",\"episode\":0,\"step\":1,\"obs\":[1,2,\"x\",4]}|obs[2] must be a number, got string \"x\"",
                "{\"agent\":\"a\",\"episode\":0,\"step\":1,\"obs\":[1,2,NaN,4]}|obs[2] is NaN; values must be finite numbers",
                "{\"agent\":\"a\",\"episode\":0,\"step\":1,\"obs\":[]}|\"obs\" is empty; send the observation's values",
                "{\"agent\":\"a\",\"episode\":0,\"step\":1,\"obs\":[1,2,3,4],\"reward\":\"1\"}|\"reward\" must be a finite number, got string \"1\"",
                "{\"agent\":\"a\",\"episode\":0,\"step\":1,\"obs\":[1,2,3,4],\"terminated\":1}|field \"terminated\" must be true or false, got number 1",
                "{\"agent\":\"a\",\"episode\":2,\"step\":0,\"obs\":[1,2,3,4],\"terminated\":true}|step 0 is the reset observation of episode 2: it has no reward and cannot be terminated or truncated; number the outcome of the first action step 1"
            })
    void rejectsWithAReasonThatSaysWhatToFix(String json, String reason) {
        assertThatThrownBy(() -> PARSER.parse(raw(json)))
                .isInstanceOf(BadRecordException.class)
                .hasMessage(reason);
    }

    @Test
    void actionsRoundTripDiscreteAndContinuous() throws Exception {
        ActionParser parser = new ActionParser();
        for (Action a :
                List.of(
                        Action.discrete("a1", 3, 17, 1),
                        Action.continuous("p", 0, 4, new double[] {0.25, -1.5}))) {
            byte[] json = RecordJson.action(a);
            Action back = parser.parse(raw(Json.text(json)));
            assertThat(back).usingRecursiveComparison().isEqualTo(a);
        }
        assertThat(Json.text(RecordJson.action(Action.discrete("a1", 3, 17, 1))))
                .isEqualTo("{\"agent\":\"a1\",\"episode\":3,\"step\":17,\"action\":1}");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        raw(
                                                "{\"agent\":\"a\",\"episode\":0,\"step\":0,\"action\":-2}")))
                .hasMessageContaining("\"action\" must be a non-negative integer");
    }

    @Test
    void observationsAndActionsAreFlinkPojosNotKryo() throws Exception {
        TypeInformation<Observation> obsType = TypeInformation.of(Observation.class);
        TypeInformation<Action> actionType = TypeInformation.of(Action.class);
        assertThat(obsType).isInstanceOf(PojoTypeInfo.class);
        assertThat(actionType).isInstanceOf(PojoTypeInfo.class);

        Observation o = new Observation("a", 1, 2, new double[] {1, 2}, 0.5, true, false);
        assertThat(roundTrip(obsType, o)).usingRecursiveComparison().isEqualTo(o);
        Action discrete = Action.discrete("a", 1, 2, 1);
        Action continuous = Action.continuous("a", 1, 2, new double[] {0.3});
        assertThat(roundTrip(actionType, discrete)).usingRecursiveComparison().isEqualTo(discrete);
        assertThat(roundTrip(actionType, continuous))
                .usingRecursiveComparison()
                .isEqualTo(continuous);
    }

    private static <T> T roundTrip(TypeInformation<T> type, T value) throws Exception {
        TypeSerializer<T> serializer = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
