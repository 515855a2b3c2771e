package io.taobus.handler;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.taobus.tao.AppCon;
import io.taobus.tao.AsyncRetries;
import io.taobus.tao.AsyncHandler;
import io.taobus.tao.InlineHandler;
import io.taobus.tao.Intercept;
import io.taobus.tao.InterceptHandler;
import io.taobus.tao.Kernel;
import io.taobus.tao.Responses;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds {@link TaoInline}, {@link TaoAsync} and {@link TaoIntercept} methods on the application's
 * beans once all singletons exist (a {@link TaoResponse} one registered as a response handler), checks their signatures (a wrong one stops startup with a message
 * naming the method; how parameters are filled, an event bound to a record among them, is
 * {@link HandlerParameters}), registers each on the kernel under the name {@code Bean#method}, with its own
 * timeout when the annotation gives one (a bad one stops startup too), and reports them
 * ({@link HandlerReport}). The beans of {@code taobus.handlers.packages} are among them
 * ({@link HandlerPackagesRegistrar}).
 */
final class TaoHandlerRegistrar implements SmartInitializingSingleton {

	private final ListableBeanFactory beans;

	private final Kernel kernel;

	/** The retries of an async handler whose annotation does not give them. */
	private final AsyncRetries retryDefaults;

	private final List<String> packages;

	private final JsonMapper mapper;

	TaoHandlerRegistrar(ListableBeanFactory beans, Kernel kernel, List<String> packages, AsyncRetries retryDefaults,
			JsonMapper mapper) {
		this.beans = beans;
		this.kernel = kernel;
		this.retryDefaults = retryDefaults;
		this.packages = List.copyOf(packages);
		this.mapper = mapper;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Set<Class<?>> handlerClasses = new LinkedHashSet<>();
		for (String name : this.beans.getBeanDefinitionNames()) {
			Class<?> type = this.beans.getType(name, false);
			if (type == null || type.getName().startsWith("org.springframework.")) {
				continue;
			}
			Map<Method, Boolean> methods = MethodIntrospector.selectMethods(ClassUtils.getUserClass(type),
					(MethodIntrospector.MetadataLookup<Boolean>) (method) -> isHandler(method) ? Boolean.TRUE : null);
			if (!methods.isEmpty()) {
				Object bean = this.beans.getBean(name);
				handlerClasses.add(ClassUtils.getUserClass(type));
				methods.keySet().forEach((method) -> register(bean, AopUtils.selectInvocableMethod(method, bean.getClass())));
			}
		}
		HandlerReport.log(this.kernel.registrations(), this.packages, handlerClasses);
	}

	private static boolean isHandler(Method method) {
		return AnnotatedElementUtils.hasAnnotation(method, TaoInline.class)
				|| AnnotatedElementUtils.hasAnnotation(method, TaoAsync.class)
				|| AnnotatedElementUtils.hasAnnotation(method, TaoIntercept.class)
				|| AnnotatedElementUtils.hasAnnotation(method, TaoResponse.class);
	}

	private void register(Object bean, Method method) {
		ReflectionUtils.makeAccessible(method);
		String name = ClassUtils.getUserClass(bean).getSimpleName() + "#" + method.getName();
		HandlerParameters parameters = HandlerParameters.of(method, name, this.mapper);
		boolean response = checkResponse(method, name);
		TaoInline inline = AnnotatedElementUtils.findMergedAnnotation(method, TaoInline.class);
		if (inline != null) {
			checkReturns(method, name, AppCon.class);
			Duration timeout = timeout(inline.timeout(), name);
			Trigram pattern = Trigram.of(inline.term(), inline.action(), inline.orient());
			HandlerCondition condition = HandlerCondition.of(inline.condition(), name);
			InlineHandler invoking = (ac) -> (AppCon) invoke(bean, method, parameters, condition, ac);
			InlineHandler handler = response ? Responses.inline(invoking) : invoking;
			if (timeout != null) {
				this.kernel.addInlineHandler(pattern, name, timeout, handler);
			}
			else {
				this.kernel.addInlineHandler(pattern, name, handler);
			}
		}
		TaoAsync async = AnnotatedElementUtils.findMergedAnnotation(method, TaoAsync.class);
		if (async != null) {
			checkReturns(method, name, AppCon.class);
			Duration timeout = timeout(async.timeout(), name);
			Trigram pattern = Trigram.of(async.term(), async.action(), async.orient());
			HandlerCondition condition = HandlerCondition.of(async.condition(), name);
			AsyncHandler invoking = (ac) -> (AppCon) invoke(bean, method, parameters, condition, ac);
			AsyncHandler handler = response ? Responses.async(invoking) : invoking;
			this.kernel.addAsyncHandler(pattern, name, timeout, retries(async, name), handler);
		}
		TaoIntercept intercept = AnnotatedElementUtils.findMergedAnnotation(method, TaoIntercept.class);
		if (intercept != null) {
			checkReturns(method, name, Intercept.class);
			Duration timeout = timeout(intercept.timeout(), name);
			Trigram pattern = Trigram.of(intercept.term(), intercept.action(), intercept.orient());
			HandlerCondition condition = HandlerCondition.of(intercept.condition(), name);
			InterceptHandler handler = (ac) -> (Intercept) invoke(bean, method, parameters, condition, ac);
			if (timeout != null) {
				this.kernel.addInterceptHandler(pattern, name, timeout, handler);
			}
			else {
				this.kernel.addInterceptHandler(pattern, name, handler);
			}
		}
	}

	/** The annotation's timeout; {@code null} for the kernel's default. */
	private @Nullable Duration timeout(String value, String name) {
		String resolved = (this.beans instanceof ConfigurableBeanFactory configurable)
				? configurable.resolveEmbeddedValue(value) : value;
		if (resolved == null || resolved.isBlank()) {
			return null;
		}
		try {
			Duration timeout = DurationStyle.detectAndParse(resolved.strip());
			if (timeout.isNegative()) {
				throw new IllegalArgumentException("negative");
			}
			return timeout;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("TAO handler " + name + " has an invalid timeout '" + value
					+ "': use a duration such as 5s, 500ms or PT1M, 0 for none, or leave it empty for the kernel's", ex);
		}
	}

	/** Whether a method is a response handler; one that cannot be stops startup. */
	private static boolean checkResponse(Method method, String name) {
		if (!AnnotatedElementUtils.hasAnnotation(method, TaoResponse.class)) {
			return false;
		}
		if (!AnnotatedElementUtils.hasAnnotation(method, TaoInline.class)
				&& !AnnotatedElementUtils.hasAnnotation(method, TaoAsync.class)) {
			throw new IllegalStateException("TAO handler " + name + " is a @TaoResponse without @TaoInline or @TaoAsync:"
					+ " a response handler is an inline or async handler whose returned AppCon answers the request");
		}
		if (AnnotatedElementUtils.hasAnnotation(method, TaoIntercept.class)) {
			throw new IllegalStateException("TAO handler " + name + " is a @TaoResponse and a @TaoIntercept:"
					+ " an intercept returns no AppCon to answer with");
		}
		if (method.getReturnType() != AppCon.class) {
			throw new IllegalStateException("TAO handler " + name + " is a @TaoResponse and must return AppCon, not "
					+ method.getReturnType().getSimpleName());
		}
		return true;
	}

	/** The annotation's retries, each part it leaves out from {@code taobus.handlers.async-*}. */
	private AsyncRetries retries(TaoAsync async, String name) {
		if (async.retries() < -1) {
			throw new IllegalStateException("TAO handler " + name + " has retries " + async.retries()
					+ ": use 0 for none, a positive count, or leave it out for taobus.handlers.async-retries");
		}
		int retries = (async.retries() >= 0) ? async.retries() : this.retryDefaults.retries();
		String value = async.backoff();
		String resolved = (this.beans instanceof ConfigurableBeanFactory configurable)
				? configurable.resolveEmbeddedValue(value) : value;
		if (resolved == null || resolved.isBlank()) {
			return new AsyncRetries(retries, this.retryDefaults.backoff());
		}
		try {
			return new AsyncRetries(retries, DurationStyle.detectAndParse(resolved.strip()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("TAO handler " + name + " has an invalid backoff '" + value
					+ "': use a positive duration such as 30s or PT5M, or leave it empty for taobus.handlers.async-backoff", ex);
		}
	}

	private static void checkReturns(Method method, String name, Class<?> allowed) {
		Class<?> returns = method.getReturnType();
		if (returns != void.class && returns != allowed) {
			throw new IllegalStateException("TAO handler " + name + " must return void or " + allowed.getSimpleName()
					+ ", not " + returns.getSimpleName());
		}
	}

	private static @Nullable Object invoke(Object bean, Method method, HandlerParameters parameters,
			HandlerCondition condition, AppCon appCon) throws Exception {
		@Nullable Object[] arguments = parameters.resolve(appCon);
		if (!condition.always() && !condition.test(appCon, parameters.event(arguments, appCon))) {
			return null;
		}
		try {
			return method.invoke(bean, arguments);
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof Exception cause) {
				throw cause;
			}
			throw ex;
		}
	}

}
