package com.scamscan.api.agent.links;

import com.scamscan.api.agent.outside.OutsideService;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a shortened link to where it really goes, with {@code HEAD} requests only; off unless enabled.
 *
 * <p>Following a link someone sent means connecting wherever it points, so every hop is checked first: only
 * {@code http} and {@code https}, and only hosts whose every resolved address is public (see
 * {@link AddressPolicy#PUBLIC_ONLY}). The connection then goes to the very address that was checked (the name is
 * not looked up a second time, which a DNS-rebinding attacker could answer differently); for {@code https} the
 * certificate is still verified against the host name. At most {@code max-redirects} redirects are followed and the
 * whole expansion, name look-ups included, takes at most {@code timeout}.
 */
@Singleton
public class LinkExpander {

    /**
     * @param enabled whether to follow shortened links at all (it connects to outside servers; see
     *                {@link OutsideService}); it has no endpoint of its own, so nothing else is required
     * @param maxRedirects how many redirects to follow at most
     * @param timeout how long following one link may take in all
     */
    @ConfigurationProperties(OutsideService.PREFIX + ".link-expansion")
    public record Settings(
            @Bindable(defaultValue = "false") boolean enabled,
            @Bindable(defaultValue = "5") int maxRedirects,
            @Bindable(defaultValue = "3s") Duration timeout) {
    }

    /** How following a link ended. */
    public enum Outcome {
        /** It reached an address that does not redirect further. */
        REACHED,
        /** It kept redirecting after {@code max-redirects}. */
        TOO_MANY_REDIRECTS,
        /** A hop's host resolves to an address that is not on the public internet. */
        REFUSED_ADDRESS,
        /** A hop is not {@code http} or {@code https}. */
        REFUSED_SCHEME,
        /** It took longer than {@code timeout}. */
        TIMED_OUT,
        /** The link is malformed, its host unknown or a server unreachable. */
        FAILED
    }

    /**
     * Where following a link ended.
     *
     * @param last the last address reached (the final one when {@code REACHED}) or refused
     * @param redirects how many redirects were followed
     */
    public record Expansion(Outcome outcome, URI last, int redirects) {

        /** The address the link leads to, when it was followed to the end. */
        public Optional<URI> destination() {
            return outcome == Outcome.REACHED ? Optional.of(last) : Optional.empty();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LinkExpander.class);
    private static final int MAX_HEADER_BYTES = 32 * 1024;

    /** Looks up a host name's addresses. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Settings settings;
    private final AddressPolicy policy;
    private final Resolver resolver;
    private final ExecutorService lookups;

    @Inject
    public LinkExpander(Settings settings) {
        this(settings, AddressPolicy.PUBLIC_ONLY, InetAddress::getAllByName);
    }

    /** With another address policy and name look-up: for tests against a local stub server only. */
    LinkExpander(Settings settings, AddressPolicy policy, Resolver resolver) {
        this.settings = settings;
        this.policy = policy;
        this.resolver = resolver;
        this.lookups = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "link-expander-dns");
            t.setDaemon(true);
            return t;
        });
    }

    /** An expander that is off. */
    public static LinkExpander disabled() {
        return new LinkExpander(new Settings(false, 5, Duration.ofSeconds(3)));
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Follows {@code url} (with or without a scheme; {@code http} assumed) to where it leads. */
    public Expansion expand(String url) {
        URI current;
        try {
            current = new URI(url.contains("://") ? url : "http://" + url);
        } catch (URISyntaxException e) {
            return new Expansion(Outcome.FAILED, URI.create("http://invalid/"), 0);
        }
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        for (int redirects = 0; ; redirects++) {
            String scheme = current.getScheme() == null ? "" : current.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return new Expansion(Outcome.REFUSED_SCHEME, current, redirects);
            }
            String host = current.getHost();
            if (host == null) {
                return new Expansion(Outcome.FAILED, current, redirects);
            }
            try {
                InetAddress[] addresses = resolve(host, deadline);
                for (InetAddress address : addresses) {
                    if (!policy.allows(address)) {
                        return new Expansion(Outcome.REFUSED_ADDRESS, current, redirects);
                    }
                }
                Optional<String> location = head(current, scheme.equals("https"), addresses, deadline);
                if (location.isEmpty()) {
                    return new Expansion(Outcome.REACHED, current, redirects);
                }
                if (redirects == settings.maxRedirects()) {
                    return new Expansion(Outcome.TOO_MANY_REDIRECTS, current, redirects);
                }
                current = current.resolve(new URI(location.get().trim()));
            } catch (TimeoutException | SocketTimeoutException e) {
                return new Expansion(Outcome.TIMED_OUT, current, redirects);
            } catch (IOException | URISyntaxException | IllegalArgumentException e) {
                // the link is part of the person's message: its host is not logged
                LOG.info("Following a shortened link stopped after {} redirect(s): {}", redirects, e.getClass().getSimpleName());
                return new Expansion(Outcome.FAILED, current, redirects);
            }
        }
    }

    /** All addresses of the host, looked up within the time left. */
    private InetAddress[] resolve(String host, long deadline) throws TimeoutException, IOException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String ascii = IDN.toASCII(bare, IDN.ALLOW_UNASSIGNED);
        Future<InetAddress[]> lookup = lookups.submit(() -> resolver.resolve(ascii));
        try {
            return lookup.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UnknownHostException unknown ? unknown : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            lookup.cancel(true);
        }
    }

    /**
     * Sends {@code HEAD} to one of the checked addresses and reads the status and headers.
     *
     * @return the {@code Location} of a redirect, empty when the answer is not a redirect
     */
    private Optional<String> head(URI uri, boolean tls, InetAddress[] addresses, long deadline) throws IOException, TimeoutException {
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        IOException last = new IOException("no address");
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), millis(deadline));
                Socket stream = tls ? secure(socket, uri.getHost(), port) : socket;
                try (stream) {
                    return request(stream, uri, port, tls, deadline);
                }
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                last = e;
            } finally {
                socket.close();
            }
        }
        throw last;
    }

    private static Socket secure(Socket plain, String host, int port) throws IOException {
        SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must be the host's
        parameters.setServerNames(java.util.List.of(new SNIHostName(IDN.toASCII(host))));
        tls.setSSLParameters(parameters);
        return tls;
    }

    private Optional<String> request(Socket socket, URI uri, int port, boolean tls, long deadline) throws IOException, TimeoutException {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        boolean defaultPort = port == (tls ? 443 : 80);
        String host = IDN.toASCII(uri.getHost()) + (defaultPort ? "" : ":" + port);
        socket.setSoTimeout(millis(deadline));
        OutputStream out = socket.getOutputStream();
        out.write(("HEAD " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: ScamScan-link-check\r\nAccept: */*\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String[] lines = readHeaders(socket, deadline).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP answer");
        }
        int code = Integer.parseInt(status[1]);
        if (code < 300 || code > 399 || code == 304) {
            return Optional.empty();
        }
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("Location")) {
                return Optional.of(lines[i].substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    /** The status line and headers, read within the time left (a server dripping bytes cannot stretch it). */
    private static String readHeaders(Socket socket, long deadline) throws IOException, TimeoutException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] buffer = new byte[2048];
        while (true) {
            socket.setSoTimeout(millis(deadline));
            int read = in.read(buffer);
            if (read < 0) {
                throw new IOException("the server closed the connection before answering");
            }
            head.write(buffer, 0, read);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                return text.substring(0, end);
            }
            if (head.size() > MAX_HEADER_BYTES) {
                throw new IOException("headers too long");
            }
        }
    }

    private static long remaining(long deadline) throws TimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException();
        }
        return left;
    }

    private static int millis(long deadline) throws TimeoutException {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))));
    }
}
