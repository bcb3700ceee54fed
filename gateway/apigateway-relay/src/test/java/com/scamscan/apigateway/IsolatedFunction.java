package com.scamscan.apigateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The {@code $connect}/{@code $disconnect}/{@code $default} function as Lambda runs it: its packaged jar
 * (gateway/apigateway-function) in a class loader of its own, sharing only the Lambda runtime's types with the
 * test. So the function's context holds what its jar holds, and never the relay service's beans, which are on this
 * module's classpath.
 */
final class IsolatedFunction implements AutoCloseable {

    /** The types the Lambda runtime hands a handler: the same classes on both sides, as in Lambda. */
    private static final String RUNTIME = "com.amazonaws.services.lambda.runtime.";

    private final URLClassLoader loader;
    private final RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> handler;

    @SuppressWarnings("unchecked")
    IsolatedFunction(Map<String, Object> properties) throws Exception {
        Path jar = Path.of(System.getProperty("scamscan.function.jar",
                "../apigateway-function/target/apigateway-function-0.1.0-SNAPSHOT.jar"));
        assertTrue(Files.exists(jar), jar + " missing: package gateway/apigateway-function first (-am)");
        ClassLoader tests = IsolatedFunction.class.getClassLoader();
        loader = new URLClassLoader("apigateway-function", new URL[]{jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                return name.startsWith(RUNTIME) ? tests.loadClass(name) : super.loadClass(name, resolve);
            }
        };
        handler = inFunction(() -> {
            Class<?> builderType = loader.loadClass("io.micronaut.context.ApplicationContextBuilder");
            Object builder = loader.loadClass("io.micronaut.context.ApplicationContext").getMethod("builder").invoke(null);
            builderType.getMethod("properties", Map.class).invoke(builder, properties);
            return (RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>)
                    loader.loadClass("com.scamscan.apigateway.WebSocketEventHandler").getConstructor(builderType).newInstance(builder);
        });
    }

    APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event) {
        try {
            return inFunction(() -> handler.handleRequest(event, null));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the function's jar holds this class. */
    boolean holds(String className) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private <T> T inFunction(Callable<T> call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            inFunction(() -> {
                ((AutoCloseable) handler).close();
                return null;
            });
        } finally {
            loader.close();
        }
    }
}
