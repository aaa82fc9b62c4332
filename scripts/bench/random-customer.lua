-- wrk: each request asks for a random customer of the dataset.
--   wrk ... -s random-customer.lua <url> -- <numbers file> page|api
-- page: the server-rendered bill page; page-br: the same, asked for with brotli as a phone does;
-- api: the bill lookup server function.
local numbers = {}
local mode = "page"

function init(args)
  for line in io.lines(args[1]) do
    numbers[#numbers + 1] = line
  end
  mode = args[2] or "page"
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local number = numbers[math.random(#numbers)]
  if mode == "api" then
    return wrk.format("POST", "/api/bills/account", { ["Content-Type"] = "application/x-www-form-urlencoded" }, "number=" .. number)
  end
  if mode == "page-br" then
    return wrk.format("GET", "/tagihan?no=" .. number, { ["Accept-Encoding"] = "br" })
  end
  return wrk.format("GET", "/tagihan?no=" .. number)
end
