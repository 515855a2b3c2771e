package io.taobus.handler;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Map;

import io.taobus.tao.AppCon;
import io.taobus.tao.CallId;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a handler method's parameters are filled from the AppCon it is called with, so that a handler
 * can take the event it handles as a record instead of casting a {@code Map}:
 * <ul>
 * <li>an {@link AppCon} parameter gets the AppCon;</li>
 * <li>a {@link CallId} parameter gets the call's stable id, an idempotency key for the handler's side
 * effects (the same on every rerun of the delivery), or {@code null} outside a delivery's cascade;</li>
 * <li>the first parameter of another type is the <em>event</em>: the AppCon's term data when it is
 * of that type already, else the term data bound to the type by Jackson (a webhook's JSON body, an API
 * call's term data);</li>
 * <li>any further parameter gets whichever of the AppCon's term, action or orient data is of its type
 * (the {@code DeliveryMetadata} a delivery carries as orient data, say), or {@code null}.</li>
 * </ul>
 * A type Jackson cannot build (an interface without a known implementation, a class without a
 * creator) stops the startup with the handler's name; data that does not fit fails the call, naming
 * the handler, the type and the binding error, so that the delivery is {@code failed} with that on
 * record, while its sender has long had its 202.
 */
final class HandlerParameters {

	private final String handler;

	private final Slot[] slots;

	private final JsonMapper mapper;

	/** The index of the event parameter, -1 when the method has none. */
	private final int eventIndex;

	private HandlerParameters(String handler, Slot[] slots, JsonMapper mapper) {
		this.handler = handler;
		this.slots = slots;
		int index = -1;
		for (int i = 0; i < slots.length && index < 0; i++) {
			if (slots[i].kind() == Kind.EVENT) {
				index = i;
			}
		}
		this.eventIndex = index;
		this.mapper = mapper;
	}

	/** The parameters of a handler method, checked once at startup. */
	static HandlerParameters of(Method method, String handler, JsonMapper mapper) {
		Parameter[] parameters = method.getParameters();
		Slot[] slots = new Slot[parameters.length];
		boolean event = false;
		for (int i = 0; i < parameters.length; i++) {
			Class<?> type = parameters[i].getType();
			if (type.isPrimitive()) {
				throw new IllegalStateException("TAO handler " + handler + " has a parameter of primitive type " + type
						+ ": take an AppCon, a record of the event, or a boxed type");
			}
			if (type == AppCon.class) {
				slots[i] = new Slot(Kind.APPCON, type, null);
			}
			else if (type == CallId.class) {
				slots[i] = new Slot(Kind.CALL_ID, type, null);
			}
			else if (!event) {
				event = true;
				JavaType javaType = mapper.getTypeFactory().constructType(parameters[i].getParameterizedType());
				checkBindable(mapper, javaType, handler);
				slots[i] = new Slot(Kind.EVENT, type, javaType);
			}
			else {
				slots[i] = new Slot(Kind.DATA, type, null);
			}
		}
		return new HandlerParameters(handler, slots, mapper);
	}

	/** The event of a call's arguments: the bound event parameter's, else the term data. */
	@Nullable Object event(@Nullable Object[] arguments, AppCon appCon) {
		return (this.eventIndex >= 0) ? arguments[this.eventIndex] : appCon.termData();
	}

	/** The arguments of one call. */
	@Nullable Object[] resolve(AppCon appCon) {
		@Nullable Object[] arguments = new Object[this.slots.length];
		for (int i = 0; i < this.slots.length; i++) {
			Slot slot = this.slots[i];
			arguments[i] = switch (slot.kind()) {
				case APPCON -> appCon;
				case CALL_ID -> CallId.current();
				case EVENT -> event(appCon.termData(), slot);
				case DATA -> ofType(appCon, slot.type());
			};
		}
		return arguments;
	}

	private @Nullable Object event(@Nullable Object termData, Slot slot) {
		if (termData == null || slot.type().isInstance(termData)) {
			return termData;
		}
		try {
			return this.mapper.convertValue(termData, slot.javaType());
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("TAO handler " + this.handler + " could not bind the term data to "
					+ slot.type().getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	private static @Nullable Object ofType(AppCon appCon, Class<?> type) {
		for (Object data : new Object[] { appCon.termData(), appCon.actionData(), appCon.orientData() }) {
			if (type.isInstance(data)) {
				return data;
			}
		}
		return null;
	}

	/** Whether Jackson can build the type at all: an empty object must bind, or fail on its data only. */
	private static void checkBindable(JsonMapper mapper, JavaType type, String handler) {
		try {
			mapper.convertValue(Map.of(), type);
		}
		catch (InvalidDefinitionException ex) {
			throw new IllegalStateException("TAO handler " + handler + " takes a " + type.getRawClass().getSimpleName()
					+ " that Jackson cannot build from the term data: " + ex.getOriginalMessage(), ex);
		}
		catch (JacksonException ex) {
			// the type can be built; an empty object just does not fit it (a list, a scalar, a required field)
		}
	}

	private enum Kind {

		APPCON, CALL_ID, EVENT, DATA

	}

	private record Slot(Kind kind, Class<?> type, @Nullable JavaType javaType) {

	}

}
