package dev.streamlearn.jobs.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Takes over a POSIX signal (INT, TERM) through the JDK's {@code sun.misc.Signal}, reached by
 * reflection so that the build needs no internal API. Unlike a shutdown hook, the handler runs
 * while the JVM and every other hook go on, so it can stop a job cleanly before leaving.
 */
final class Signals {
    private Signals() {}

    /** Runs {@code action} on each {@code name} signal instead of the JVM's default (exiting). */
    static void handle(String name, Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object proxy =
                    Proxy.newProxyInstance(
                            Signals.class.getClassLoader(),
                            new Class<?>[] {handler},
                            (p, method, args) -> {
                                if (method.getName().equals("handle")) {
                                    action.run();
                                    return null;
                                }
                                return method.invoke(action, args);
                            });
            Object sig = signal.getConstructor(String.class).newInstance(name);
            signal.getMethod("handle", signal, handler).invoke(null, sig, proxy);
        } catch (ClassNotFoundException
                | NoSuchMethodException
                | InstantiationException
                | IllegalAccessException e) {
            System.err.println("cannot take over SIG" + name + " (" + e + "); it ends the JVM");
        } catch (InvocationTargetException e) {
            System.err.println(
                    "cannot take over SIG" + name + " (" + e.getCause() + "); it ends the JVM");
        }
    }
}
