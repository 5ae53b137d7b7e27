/* "Use my location" on the directory's search form.
 *
 * Shown only where the browser can tell its position. The nearest municipality is picked here,
 * on the person's own device, from the municipalities' points the site serves (one list for
 * everybody); the position itself is never sent anywhere. The municipality is then chosen in
 * the form, which is sent as if chosen by hand, so the themes and other filters stay.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-near-me]");
  if (!box || !("geolocation" in navigator) || typeof window.fetch !== "function") {
    return;
  }
  var button = box.querySelector("button");
  var status = box.querySelector("[role=status]");
  var select = document.getElementById("id_kommune");

  function say(key) {
    status.textContent = status.getAttribute("data-" + key) || "";
  }

  function radians(degrees) {
    return (degrees * Math.PI) / 180;
  }

  // Great-circle distance in km (haversine), as the site measures "nearby".
  function distanceKm(lat1, lon1, lat2, lon2) {
    var dLat = radians(lat2 - lat1);
    var dLon = radians(lon2 - lon1);
    var a =
      Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(radians(lat1)) * Math.cos(radians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 12742 * Math.asin(Math.sqrt(Math.min(a, 1)));
  }

  function nearest(points, lat, lon) {
    var best = null;
    var bestKm = Infinity;
    points.forEach(function (point) {
      var km = distanceKm(lat, lon, point.lat, point.lon);
      if (km < bestKm) {
        best = point;
        bestKm = km;
      }
    });
    return best;
  }

  function choose(place) {
    var form = select ? select.form : null;
    var option = null;
    if (select) {
      Array.prototype.forEach.call(select.options, function (candidate) {
        if (candidate.value === place.number) {
          option = candidate;
        }
      });
    }
    if (form && option) {
      select.value = place.number;
      var county = form.querySelector("[name=fylke]");
      if (county) {
        county.value = "";
      }
      form.submit();
    } else {
      window.location.assign(place.url);
    }
  }

  function failed(key) {
    say(key);
    button.disabled = false;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    say("finding");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var lat = position.coords.latitude;
        var lon = position.coords.longitude;
        fetch(box.getAttribute("data-points-url"), { headers: { Accept: "application/json" } })
          .then(function (response) {
            if (!response.ok) {
              throw new Error(String(response.status));
            }
            return response.json();
          })
          .then(function (data) {
            var place = nearest(data.municipalities || [], lat, lon);
            if (!place) {
              throw new Error("no municipalities");
            }
            choose(place);
          })
          .catch(function () {
            failed("failed");
          });
      },
      function () {
        failed("denied");
      },
      { enableHighAccuracy: false, maximumAge: 600000, timeout: 20000 }
    );
  });

  box.hidden = false;
})();
