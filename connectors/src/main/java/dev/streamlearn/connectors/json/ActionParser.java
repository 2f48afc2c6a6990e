package dev.streamlearn.connectors.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlearn.connectors.records.Action;
import dev.streamlearn.connectors.records.RawRecord;

/**
 * Parses an action the RL job sent: {@code {"agent":"a1","episode":3,"step":17,"action":1}} or, for
 * continuous actions, {@code "action":[0.4,-1.2]}. Environments use it to read the actions topic.
 */
public final class ActionParser implements RecordParser<Action> {
    private static final long serialVersionUID = 1L;

    @Override
    public Action parse(RawRecord raw) throws BadRecordException {
        ObjectNode obj = Json.readObject(raw.value());
        String agent = Json.requiredText(obj, "agent");
        long episode = Json.requiredNonNegativeLong(obj, "episode");
        long step = Json.requiredNonNegativeLong(obj, "step");
        if (step > Integer.MAX_VALUE) {
            throw BadRecordException.of("step %d is too large", step);
        }
        JsonNode a = obj.get("action");
        if (a != null && a.isArray()) {
            return Action.continuous(agent, episode, (int) step, Json.finiteArray(obj, "action"));
        }
        if (a == null || !a.isIntegralNumber() || !a.canConvertToInt() || a.asInt() < 0) {
            throw BadRecordException.of(
                    "\"action\" must be a non-negative integer (discrete) or an array of numbers"
                            + " (continuous), got %s",
                    a == null ? "nothing" : Json.describe(a));
        }
        return Action.discrete(agent, episode, (int) step, a.asInt());
    }
}
