package com.scamscan.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;

/** The apps' small line icons (back arrow, menu dots, phone, video, microphone, plus), in points. */
final class Icons {

    private final Graphics2D g;

    Icons(Graphics2D g) {
        this.g = g;
    }

    void arrow(double x, double cy, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(x, cy, x + 17, cy));
        g.draw(path(new double[][] {{x + 7, cy - 7}, {x, cy}, {x + 7, cy + 7}}));
    }

    void dots(double x, double cy, Color color) {
        g.setColor(color);
        for (int i = -1; i <= 1; i++) {
            g.fill(new Ellipse2D.Double(x - 2, cy + i * 6 - 2, 4, 4));
        }
    }

    void phoneIcon(double x, double cy, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D handset = new Path2D.Double();
        handset.moveTo(x - 7, cy - 9);
        handset.curveTo(x - 11, cy - 2, x - 2, cy + 9, x + 7, cy + 9);
        g.draw(handset);
        g.fill(new RoundRectangle2D.Double(x - 10, cy - 11, 6, 5, 2, 2));
        g.fill(new RoundRectangle2D.Double(x + 5, cy + 5, 5, 6, 2, 2));
    }

    void videoIcon(double x, double cy, Color color) {
        g.setColor(color);
        g.fill(new RoundRectangle2D.Double(x - 10, cy - 7, 15, 14, 4, 4));
        g.fill(path(new double[][] {{x + 6, cy - 2}, {x + 12, cy - 6}, {x + 12, cy + 6}, {x + 6, cy + 2}}));
    }

    void micIcon(double cx, double cy, Color color) {
        g.setColor(color);
        g.fill(new RoundRectangle2D.Double(cx - 3.5, cy - 10, 7, 13, 7, 7));
        g.setStroke(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Arc2D.Double(cx - 7, cy - 6, 14, 12, 180, 180, Arc2D.OPEN));
        g.draw(new Line2D.Double(cx, cy + 6, cx, cy + 9));
    }

    void plus(double cx, double cy, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(cx - 7, cy, cx + 7, cy));
        g.draw(new Line2D.Double(cx, cy - 7, cx, cy + 7));
    }

    static Path2D path(double[][] points) {
        Path2D path = new Path2D.Double();
        path.moveTo(points[0][0], points[0][1]);
        for (int i = 1; i < points.length; i++) {
            path.lineTo(points[i][0], points[i][1]);
        }
        return path;
    }
}
