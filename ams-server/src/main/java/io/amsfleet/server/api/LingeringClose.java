package io.amsfleet.server.api;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.inject.Singleton;

import java.util.concurrent.TimeUnit;

/**
 * A connection closed while the client is still sending the body of a refused request (an upload
 * over the size limit, to an unknown image) is closed the way web servers do it (nginx's
 * "lingering close"): the answer, then end of stream, then what the client still sends is read and
 * dropped for a short, bounded while before the socket closes.
 *
 * <p>Closing at once resets the connection instead: the kernel answers the client's next bytes with
 * RST, and a client that reads its answer only once it has written the body — the JDK's HttpClient,
 * which amc uses — then reports a broken connection in place of the refusal it had been sent.
 * Micronaut offers no such close, so this handler, added first in each connection's pipeline, turns
 * the close of a connection {@link #lingerOnClose marked} by the refusal into one.
 */
@Singleton
final class LingeringClose implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private static final AttributeKey<Boolean> LINGER = AttributeKey.valueOf("ams.lingering-close");
    /** Long enough for a client on a LAN to finish a body of some MiB; short enough to hold no socket for long. */
    private static final long LINGER_MILLIS = 3_000;
    /** A client that stops sending is not waited for. */
    private static final long QUIET_MILLIS = 1_000;
    /** What is read and dropped at most, so that a fast client cannot keep the server busy. */
    private static final long MAX_DROPPED_BYTES = 256L << 20;

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                if (role != ChannelRole.CONNECTION) {
                    return this;
                }
                return new NettyServerCustomizer() {
                    @Override
                    public void onInitialPipelineBuilt() {
                        channel.pipeline().addFirst("ams-lingering-close", new Handler());
                    }
                };
            }
        });
        return event.getBean();
    }

    /** Marks the connection the request came on: when it is closed, it lingers. */
    static void lingerOnClose(Channel channel) {
        channel.attr(LINGER).set(Boolean.TRUE);
    }

    private static final class Handler extends ChannelDuplexHandler {
        private boolean lingering;
        private long dropped;
        private long lastRead;
        private ScheduledFuture<?> check;

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            Channel channel = ctx.channel();
            if (lingering) {
                channel.closeFuture().addListener(f -> promise.trySuccess());
                return;
            }
            if (!Boolean.TRUE.equals(channel.attr(LINGER).get()) || !(channel instanceof DuplexChannel duplex)
                    || !channel.isActive() || duplex.isInputShutdown() || duplex.isOutputShutdown()) {
                ctx.close(promise);
                return;
            }
            lingering = true;
            lastRead = System.nanoTime();
            long deadline = lastRead + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
            channel.closeFuture().addListener(f -> {
                promise.trySuccess();
                if (check != null) {
                    check.cancel(false);
                }
            });
            // What was written goes out before the end of stream, which tells the client the answer is whole.
            ctx.flush();
            duplex.shutdownOutput();
            channel.config().setAutoRead(true);
            ctx.read();
            check = ctx.executor().scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                if (now - deadline >= 0 || now - lastRead >= TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
                    ctx.close();
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!lingering) {
                ctx.fireChannelRead(msg);
                return;
            }
            lastRead = System.nanoTime();
            // First in the pipeline, the handler sees the socket's bytes, before any decoder.
            if (msg instanceof ByteBuf bytes) {
                dropped += bytes.readableBytes();
            }
            ReferenceCountUtil.release(msg);
            if (dropped > MAX_DROPPED_BYTES) {
                ctx.close();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (!lingering) {
                ctx.fireChannelReadComplete();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A client that gives up meanwhile resets the connection: nothing is left to tell anyone.
            if (lingering) {
                ctx.close();
                return;
            }
            ctx.fireExceptionCaught(cause);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (lingering && evt instanceof ChannelInputShutdownEvent) {
                ctx.close();
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
