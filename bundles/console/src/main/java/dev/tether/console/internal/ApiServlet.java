package dev.tether.console.internal;

import java.io.IOException;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** The gateway HTTP API at {@code /tether/api/*} on the OSGi servlet whiteboard. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(ApiServlet.ROOT + "/*")
@HttpWhiteboardServletName("tether-api")
public class ApiServlet extends HttpServlet {

    static final String ROOT = "/tether/api";
    private static final long serialVersionUID = 1L;

    private final transient ConsoleApi api;
    private final transient HttpAccessGuard guard;

    @Activate
    public ApiServlet(@Reference ConsoleApi api, @Reference ConfigurationAdmin configurationAdmin) {
        this.api = api;
        this.guard = new HttpAccessGuard(configurationAdmin);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpAccessGuard.Decision decision = guard.check(ServletExchange.view(request), api.configuration().authentication());
        if (decision.refusal().isPresent()) {
            if (decision.challenge()) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"Tether gateway\", charset=\"UTF-8\"");
            }
            ServletExchange.write(response, decision.refusal().get(), api.json());
            return;
        }
        ApiResponse answer;
        try {
            answer = api.handle(ServletExchange.toApiRequest(request, request.getPathInfo()));
        } catch (IllegalArgumentException e) {
            answer = ApiResponse.error(413, e.getMessage());
        }
        ServletExchange.write(response, answer, api.json());
    }
}
