document.getElementById("main").textContent = "Tidings";
