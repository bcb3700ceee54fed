package com.scamscan.testing.redis;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis in a container. The host port is fixed when the container is created, so that a container
 * stopped and started again answers on the same port, as the process servers do.
 */
final class ContainerRedis implements RedisFixture.RedisServerHandle {

    private static final DockerImageName IMAGE = DockerImageName.parse("redis:7.2");
    private static final int REDIS_PORT = 6379;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final GenericContainer<?> container;
    private final int port;

    private ContainerRedis(GenericContainer<?> container, int port) {
        this.container = container;
        this.port = port;
    }

    /** Whether a Docker engine answers; asked only when a Docker socket or DOCKER_HOST is there. */
    static boolean dockerAnswers() {
        boolean socket = Files.exists(Path.of("/var/run/docker.sock"));
        String dockerHost = System.getenv("DOCKER_HOST");
        if (!socket && (dockerHost == null || dockerHost.isBlank())) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // closed by close()
    static ContainerRedis launch() {
        int port = ProcessRedis.freePort();
        GenericContainer<?> container = new GenericContainer<>(IMAGE)
                .withExposedPorts(REDIS_PORT)
                .withCommand("redis-server", "--save", "", "--appendonly", "no")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", port), ExposedPort.tcp(REDIS_PORT))));
        container.start();
        ContainerRedis redis = new ContainerRedis(container, port);
        Resp.awaitUp(redis.host(), port, TIMEOUT, container::isRunning);
        return redis;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean controllable() {
        return true;
    }

    @Override
    public void stop() {
        Resp.shutdownSave(host(), port);
        Resp.awaitDown(host(), port, TIMEOUT);
    }

    @Override
    public void kill() {
        docker().killContainerCmd(container.getContainerId()).exec();
        Resp.awaitDown(host(), port, TIMEOUT);
    }

    @Override
    public void start() {
        docker().startContainerCmd(container.getContainerId()).exec();
        Resp.awaitUp(host(), port, TIMEOUT, () -> true);
    }

    @Override
    public void close() {
        container.stop();
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }
}
